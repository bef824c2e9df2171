# RcppML::nmf on the sparse benchmark input (dgCMatrix), k = 20, 200 iterations, 2 threads: ms/iteration (median of runs).
# RcppML 0.3.7 accepts only a single integer seed (not a W0 matrix), so it starts from its own random W0.
args <- commandArgs(trailingOnly = TRUE)
d <- args[1]; runs <- if (length(args) > 1) as.integer(args[2]) else 3
suppressMessages({ library(Matrix); library(RcppML) })
A <- as(readMM(file.path(d, "X.mtx")), "CsparseMatrix")
options(RcppML.threads = 2)
if (exists("setRcppMLthreads")) setRcppMLthreads(2)
times <- c()
for (r in seq_len(runs)) {
  t <- system.time(model <- RcppML::nmf(A, 20, tol = 1e-30, maxit = 200, verbose = FALSE, seed = 0, diag = TRUE))[["elapsed"]]
  times <- c(times, t / 200 * 1000)
}
cat(sprintf("rcppml ms_per_iter_median %.3f min %.3f\n", median(times), min(times)))
