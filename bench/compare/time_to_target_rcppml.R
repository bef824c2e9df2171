# Time-to-target helper for RcppML (called by time_to_target.py): error curve of RcppML::nmf on one problem, capped.
# Usage: Rscript time_to_target_rcppml.R INPUT k threads max_seconds max_iter out.csv others_best factor
#   INPUT: X.bin:m:n (m*n float64 little-endian, row-major; fitted dense) or a MatrixMarket .mtx (read with
#          Matrix::readMM into a dgCMatrix; fitted sparse by RcppML's sparse code).
#   others_best: the best error the other libraries reached (Inf if none); factors: the targets to refine, e.g. 1.001,1.01.
# RcppML 0.3.7 computes in float64 only (Eigen::MatrixXd in include/RcppML/nmf.hpp) and takes no starting factors
# (its `seed` is an integer): it starts from its own random W (seed 0). It has no per-iteration callback, so the run
# is repeated with maxit = 1, 2, 4, 8, ... (same seed, so each run is a prefix of the next), each timed whole
# (proc.time elapsed around RcppML::nmf); tol = -1 so it never stops on its own criterion (1 - cor(w, w_prev) < tol).
# The doubling stops before a run that would take more than max_seconds (predicted from the last run's time per
# iteration), so the whole phase costs about 2 × max_seconds. Then each target factor × min(others_best, own best)
# is refined: the bracket (last run above it, first run at or below it] is bisected until it is within 10 % of its
# upper end (so the time reported for it is at most ~10 % late). The error ‖A − W·diag(d)·H‖/‖A‖ is computed outside
# the timing, from the Grams (no m×n product for a sparse A).
args <- commandArgs(trailingOnly = TRUE)
input <- args[1]; k <- as.integer(args[2]); threads <- as.integer(args[3]); max_seconds <- as.numeric(args[4])
max_iter <- as.integer(args[5]); out <- args[6]; others_best <- as.numeric(args[7])
factors <- as.numeric(strsplit(args[8], ",")[[1]])
suppressMessages({ library(Matrix); library(RcppML) })
setRcppMLthreads(threads)
if (grepl("\\.mtx$", input)) {
  A <- as(as(readMM(input), "CsparseMatrix"), "dgCMatrix")
  norm_sq <- sum(A@x^2)
} else {
  parts <- strsplit(input, ":")[[1]]
  m <- as.integer(parts[2]); n <- as.integer(parts[3])
  A <- matrix(readBin(parts[1], "double", n = m * n, size = 8, endian = "little"), nrow = m, ncol = n, byrow = TRUE)
  norm_sq <- sum(A * A)
}

relative_error <- function(w, h) {
  inner <- sum(w * as.matrix(A %*% t(h)))
  sqrt(max(0, norm_sq - 2 * inner + sum(crossprod(w) * tcrossprod(h))) / norm_sq)
}

run <- function(it) {
  t0 <- proc.time()[["elapsed"]]
  model <- RcppML::nmf(A, k, tol = -1, maxit = it, verbose = FALSE, seed = 0)
  seconds <- proc.time()[["elapsed"]] - t0
  data.frame(iteration = it, seconds = seconds, relative_error = relative_error(model$w, model$d * model$h))
}

rows <- run(1)
it <- 1
repeat {
  nxt <- min(max_iter, 2 * it)
  if (nxt == it) break
  per_iter <- rows$seconds[nrow(rows)] / it
  if (per_iter * nxt > max_seconds) break
  rows <- rbind(rows, run(nxt))
  it <- nxt
}

best <- min(others_best, min(rows$relative_error))
for (factor in factors) {
  rows <- rows[order(rows$iteration), ]
  hit <- which(rows$relative_error <= factor * best)
  if (length(hit) == 0 || hit[1] == 1) next
  hi <- rows$iteration[hit[1]]; lo <- rows$iteration[hit[1] - 1]
  while (hi - lo > max(1, 0.1 * hi)) {
    mid <- (lo + hi) %/% 2
    r <- run(mid)
    rows <- rbind(rows, r)
    if (r$relative_error <= factor * best) hi <- mid else lo <- mid
  }
}
write.csv(rows[order(rows$iteration), ], out, row.names = FALSE)
