# Peer runner for `nmf compare`: times RcppML (alternating NNLS) and reports the relative error at a schedule of
# iteration counts, in the line protocol described in docs/compare.md (same as sklearn_peer.py).
#
# Two variants:
#   nmf  RcppML::nmf itself. Its 0.3.x API takes no starting factors: W0 comes from its own RNG (seed = 1) and
#        H0 is never used (each iteration solves for H given W first). tol = -1 makes its stopping test
#        (1 - cor(w, w_prev) < tol) impossible, so it runs exactly maxit iterations. It returns only final
#        factors, so the trace comes from re-running with increasing maxit (a deterministic prefix).
#   w0   The same iteration as RcppML::nmf (project H, rescale by the diagonal, project W, rescale), driven
#        from R over RcppML's own NNLS projection kernel (RcppML:::Rcpp_projectW_dense) and started from the
#        shared W0. Equal starting point; the R loop adds a little overhead per iteration.
# X is a dense .npy, or a SciPy CSR .npz that is read into a Matrix dgCMatrix and fitted sparse (RcppML::nmf
# dispatches to its sparse code; the w0 variant uses Rcpp_projectW_sparse): never densified.
# Output lines (tab-separated) on stdout:
#   info <key> <value> | run <variant> <repeat|trace> <iterations> <seconds> <relative error>
#   factors <variant> <W .npy> <H .npy> | failed <variant> <message> | missing <message>
# Exit codes: 0 ok, 3 RcppML is not installed, 2 bad arguments.

emit <- function(...) {
  fields <- gsub("[\t\n]", " ", as.character(c(...)))
  cat(paste(fields, collapse = "\t"), "\n", sep = "")
  flush(stdout())
}

parse_args <- function(args) {
  out <- list()
  i <- 1
  while (i <= length(args)) {
    key <- sub("^--", "", args[i])
    if (i + 1 > length(args)) stop(paste("option", args[i], "needs a value"))
    out[[key]] <- args[i + 1]
    i <- i + 2
  }
  out
}

# A .npy file: a 1-D array as a vector, a 2-D one as a matrix. float64, int32 and int64 (read as the low
# 32-bit word, enough for indices and shapes below 2^31).
read_npy <- function(path) {
  con <- file(path, "rb")
  on.exit(close(con))
  magic <- readBin(con, "raw", 6)
  if (!identical(magic[2:6], charToRaw("NUMPY"))) stop(paste(path, "is not a .npy file"))
  version <- readBin(con, "integer", 2, size = 1, signed = FALSE)
  header_len <- if (version[1] == 1) readBin(con, "integer", 1, size = 2, signed = FALSE, endian = "little")
                else readBin(con, "integer", 1, size = 4, endian = "little")
  header <- rawToChar(readBin(con, "raw", header_len))
  descr <- sub(".*'descr': *'([^']*)'.*", "\\1", header)
  fortran <- grepl("'fortran_order': *True", header)
  dims <- strsplit(sub(".*'shape': *\\(([^)]*)\\).*", "\\1", header), ",")[[1]]
  shape <- as.integer(trimws(dims[trimws(dims) != ""]))
  count <- prod(shape)
  values <- switch(descr,
    "<f8" = readBin(con, "double", count, size = 8, endian = "little"),
    "<i4" = readBin(con, "integer", count, size = 4, endian = "little"),
    "<i8" = readBin(con, "integer", 2 * count, size = 4, endian = "little")[seq(1, 2 * count, by = 2)],
    stop(paste(path, "has dtype", descr, "but float64, int32 or int64 is expected")))
  if (length(shape) == 1) return(values)
  if (length(shape) != 2) stop(paste(path, "is not a matrix"))
  if (fortran) matrix(values, shape[1], shape[2]) else t(matrix(values, shape[2], shape[1]))
}

# A SciPy CSR .npz (scipy.sparse.save_npz) as a dgCMatrix. CSR of X is CSC of t(X), so the arrays build t(X)
# directly and X is its transpose.
read_npz_csr <- function(path) {
  dir <- tempfile("npz")
  on.exit(unlink(dir, recursive = TRUE))
  utils::unzip(path, exdir = dir)
  format <- readBin(file.path(dir, "format.npy"), "raw", 1000)
  format <- format[format != as.raw(0)]  # SciPy stores 'csr' as UTF-32 ('<U3'), Nmf.Fast as bytes ('|S3')
  if (length(grepRaw("csr", format, fixed = TRUE)) == 0) stop(paste(path, "is not a CSR .npz"))
  shape <- read_npy(file.path(dir, "shape.npy"))
  xt <- new("dgCMatrix", i = as.integer(read_npy(file.path(dir, "indices.npy"))),
            p = as.integer(read_npy(file.path(dir, "indptr.npy"))),
            x = as.numeric(read_npy(file.path(dir, "data.npy"))), Dim = as.integer(c(shape[2], shape[1])))
  t(xt)
}

read_x <- function(path) {
  if (grepl("\\.npz$", path)) {
    suppressPackageStartupMessages(library(Matrix))
    return(read_npz_csr(path))
  }
  read_npy(path)
}

write_npy <- function(path, m) {
  header <- sprintf("{'descr': '<f8', 'fortran_order': True, 'shape': (%d, %d), }", nrow(m), ncol(m))
  total <- 10 + nchar(header) + 1
  header <- paste0(header, strrep(" ", (64 - total %% 64) %% 64), "\n")
  con <- file(path, "wb")
  on.exit(close(con))
  writeBin(as.raw(c(0x93, charToRaw("NUMPY"), 1, 0)), con)
  writeBin(as.integer(nchar(header)), con, size = 2, endian = "little")
  writeBin(charToRaw(header), con)
  writeBin(as.vector(m), con, size = 8, endian = "little")
}

# ||X - WH||_F / ||X||_F; for a sparse X without an m x n matrix: ||X||^2 - 2<X, WH> + <W'W, HH'>.
relative_error <- function(x, w, h) {
  if (is(x, "sparseMatrix")) {
    norm_sq <- sum(x@x^2)
    inner <- sum(w * as.matrix(x %*% t(h)))
    return(sqrt(max(0, norm_sq - 2 * inner + sum(crossprod(w) * tcrossprod(h)))) / sqrt(norm_sq))
  }
  sqrt(sum((x - w %*% h)^2)) / sqrt(sum(x^2))
}

# RcppML's projection kernel for this storage of X.
project_w <- function(x, w, threads) {
  if (is(x, "sparseMatrix")) RcppML:::Rcpp_projectW_sparse(x, w, TRUE, 0, threads, FALSE)
  else RcppML:::Rcpp_projectW_dense(x, w, TRUE, 0, threads, FALSE)
}

peak_rss_kib <- function() {
  status <- tryCatch(readLines("/proc/self/status"), error = function(e) character(0))
  line <- grep("^VmHWM:", status, value = TRUE)
  if (length(line) == 0) return(NA)
  as.numeric(strsplit(trimws(sub("VmHWM:", "", line)), " +")[[1]][1])
}

now <- function() as.numeric(Sys.time())

# RcppML::nmf with its own start and a fixed iteration count; returns W (m x k, diagonal folded in) and H.
fit_nmf <- function(x, k, iterations, threads) {
  start <- now()
  model <- RcppML::nmf(x, k, tol = -1, maxit = iterations, verbose = FALSE, seed = 1)
  seconds <- now() - start
  list(seconds = seconds, w = model$w %*% diag(model$d, nrow = k), h = model$h)
}

# RcppML's ALS iteration (nmf.hpp, MatrixFactorization::fit) from a given W0, over its projection kernel.
# trace = TRUE also evaluates the error after every iteration, outside the timed part.
fit_w0 <- function(x, xt, w0, iterations, threads, trace = FALSE) {
  tiny <- 1e-15
  w <- t(w0)  # k x m, as RcppML stores it
  errors <- numeric(0)
  times <- numeric(0)
  elapsed <- 0
  for (i in seq_len(iterations)) {
    start <- now()
    h <- project_w(x, w, threads)
    dh <- rowSums(h) + tiny
    h <- h / dh
    w <- project_w(xt, h, threads)
    d <- rowSums(w) + tiny
    w <- w / d
    elapsed <- elapsed + (now() - start)
    if (trace) {
      times <- c(times, elapsed)
      errors <- c(errors, relative_error(x, t(w * d), h))
    }
  }
  list(seconds = elapsed, w = t(w * d), h = h, times = times, errors = errors)
}

main <- function() {
  a <- parse_args(commandArgs(trailingOnly = TRUE))
  if (!requireNamespace("RcppML", quietly = TRUE)) {
    emit("missing", "R package RcppML is not installed")
    quit(status = 3)
  }
  emit("info", "R", R.version$version.string)
  emit("info", "RcppML", as.character(packageVersion("RcppML")))
  emit("info", "blas", paste("R BLAS", extSoftVersion()[["BLAS"]], "| LAPACK", La_library(), "(RcppML's kernels use Eigen, not BLAS)"))
  emit("info", "RcppMLthreads", RcppML::getRcppMLthreads())
  emit("info", "OPENBLAS_CORETYPE", Sys.getenv("OPENBLAS_CORETYPE", "(unset)"))

  x <- read_x(a$x)
  if (is(x, "sparseMatrix"))
    emit("info", "input", paste0("Matrix ", class(x)[1], " (Matrix ", as.character(packageVersion("Matrix")), "), nnz=", length(x@x), " (sparse fit)"))
  w0 <- read_npy(a$w0)
  k <- ncol(w0)
  max_iter <- as.integer(a[["max-iter"]])
  repeats <- as.integer(if (is.null(a$repeats)) "3" else a$repeats)
  threads <- as.integer(if (is.null(a$threads)) "0" else a$threads)
  schedule <- if (is.null(a$schedule) || a$schedule == "") integer(0) else as.integer(strsplit(a$schedule, ",")[[1]])
  variants <- strsplit(if (is.null(a$variants)) "nmf,w0" else a$variants, ",")[[1]]
  xt <- t(x)  # a dgCMatrix stays one

  for (variant in variants) {
    result <- tryCatch({
      if (variant == "nmf") {
        fit_nmf(x, k, 2, threads)  # warm-up
        last <- NULL
        for (r in seq_len(repeats)) {
          last <- fit_nmf(x, k, max_iter, threads)
          emit("run", variant, "repeat", max_iter, sprintf("%.9g", last$seconds), sprintf("%.17g", relative_error(x, last$w, last$h)))
        }
        wp <- file.path(a$out, "rcppml_nmf_W.npy"); hp <- file.path(a$out, "rcppml_nmf_H.npy")
        write_npy(wp, last$w); write_npy(hp, last$h)
        emit("factors", variant, wp, hp)
        for (it in schedule) {
          run <- fit_nmf(x, k, it, threads)
          emit("run", variant, "trace", it, sprintf("%.9g", run$seconds), sprintf("%.17g", relative_error(x, run$w, run$h)))
        }
      } else if (variant == "w0") {
        fit_w0(x, xt, w0, 2, threads)  # warm-up
        last <- NULL
        for (r in seq_len(repeats)) {
          last <- fit_w0(x, xt, w0, max_iter, threads)
          emit("run", variant, "repeat", max_iter, sprintf("%.9g", last$seconds), sprintf("%.17g", relative_error(x, last$w, last$h)))
        }
        wp <- file.path(a$out, "rcppml_w0_W.npy"); hp <- file.path(a$out, "rcppml_w0_H.npy")
        write_npy(wp, last$w); write_npy(hp, last$h)
        emit("factors", variant, wp, hp)
        traced <- fit_w0(x, xt, w0, max_iter, threads, trace = TRUE)
        for (i in seq_along(traced$errors))
          emit("run", variant, "trace", i, sprintf("%.9g", traced$times[i]), sprintf("%.17g", traced$errors[i]))
      } else {
        stop(paste("unknown variant", variant))
      }
      TRUE
    }, error = function(e) {
      emit("failed", variant, conditionMessage(e))
      FALSE
    })
  }
  emit("info", "peak_rss_kib", peak_rss_kib())
}

main()
