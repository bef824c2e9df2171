# RcppML::nmf on the sparse benchmark input (dgCMatrix) from W0, k = 20, 200 iterations, 2 threads: ms/iteration (median of runs).
args <- commandArgs(trailingOnly = TRUE)
d <- args[1]; runs <- if (length(args) > 1) as.integer(args[2]) else 3
suppressMessages({ library(Matrix); library(RcppML) })
A <- as(readMM(file.path(d, "X.mtx")), "CsparseMatrix")
w0 <- as.matrix(read.table(file.path(d, "W0.txt")))
options(RcppML.threads = 2)
if (exists("setRcppMLthreads")) setRcppMLthreads(2)
times <- c()
for (r in seq_len(runs)) {
  t <- system.time(model <- RcppML::nmf(A, 20, tol = 1e-30, maxit = 200, verbose = FALSE, seed = w0, diag = TRUE))[["elapsed"]]
  times <- c(times, t / 200 * 1000)
}
cat(sprintf("rcppml ms_per_iter_median %.3f min %.3f\n", median(times), min(times)))
