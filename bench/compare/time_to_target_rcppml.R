# Time-to-target helper for RcppML (called by time_to_target.py): error curve of RcppML::nmf on one problem.
# Usage: Rscript time_to_target_rcppml.R X.bin m n k threads max_seconds max_iter out.csv
# X.bin: m*n float64 little-endian, row-major. RcppML cannot start from a given W0 (its `seed` is an integer),
# so it starts from its own random init (seed 0). It has no per-iteration callback: the run is repeated with
# maxit = 1, 2, 3, 5, 8, ... (same seed, so the same iterates) and each run is timed whole; tol = 1e-12 so it
# does not stop on its own criterion. The relative error ‖A − W·diag(d)·H‖/‖A‖ is computed outside the timing.
args <- commandArgs(trailingOnly = TRUE)
path <- args[1]; m <- as.integer(args[2]); n <- as.integer(args[3]); k <- as.integer(args[4])
threads <- as.integer(args[5]); max_seconds <- as.numeric(args[6]); max_iter <- as.integer(args[7]); out <- args[8]
suppressMessages(library(RcppML))
setRcppMLthreads(threads)
A <- matrix(readBin(path, "double", n = m * n, size = 8, endian = "little"), nrow = m, ncol = n, byrow = TRUE)
norm_a <- sqrt(sum(A * A))
schedule <- unique(c(1:5, round(exp(seq(log(6), log(max_iter), length.out = 30)))))
rows <- list()
for (it in schedule) {
  t0 <- proc.time()[["elapsed"]]
  model <- RcppML::nmf(A, k, tol = 1e-12, maxit = it, verbose = FALSE, seed = 0)
  seconds <- proc.time()[["elapsed"]] - t0
  approx <- model$w %*% (model$d * model$h)
  rel <- sqrt(sum((A - approx)^2)) / norm_a
  rows[[length(rows) + 1]] <- data.frame(iteration = it, seconds = seconds, relative_error = rel)
  if (seconds > max_seconds) break
}
write.csv(do.call(rbind, rows), out, row.names = FALSE)
