# Accuracy peers for tests/bench/bench-forecast.sh. Each series is scored at
# several forecast origins: rolling origins for the real series, fresh draws
# of the generator for the synthetic ones, since one held-out tail of 24 months
# is too few points to tell methods apart or to measure 95 % coverage. For each
# case this writes the training part and the held-out tail as series TSV, and
# the MASE and 95 % interval coverage of R's ets, auto.arima and stlf
# (forecast package) on the same split.
# Usage: Rscript bench-forecast.R OUTDIR [speed]
suppressPackageStartupMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
set.seed(20261123)

write_tsv <- function(file, t, y) {
	write.table(data.frame(sprintf("%.0f", t), sprintf("%.10g", y)), file,
		    sep = "\t", quote = FALSE, row.names = FALSE, col.names = FALSE)
}

month_time <- function(x) {
	tt <- time(x)
	yr <- floor(tt + 1e-9)
	mo <- round((tt - yr) * 12) + 1
	as.numeric(as.POSIXct(sprintf("%04d-%02d-01", yr, mo), tz = "UTC"))
}

# A case: series name, case number, values, timestamps, seasonal period for
# MASE, horizon, where the training part ends, R's series object maker.
cases <- list()
add <- function(name, k, y, t, m, h, end, mk) {
	cases[[length(cases) + 1]] <<- list(name = name, k = k, y = as.numeric(y), t = t,
					    m = m, h = h, end = end, mk = mk)
}
# Origins every `every` points back from the end of the series.
rolling <- function(name, y, t, m, h, norig, every, mk) {
	for (k in seq_len(norig))
		add(name, k, y, t, m, h, length(y) - h - (norig - k) * every, mk)
}

monthly <- function(v) ts(v, frequency = 12)
rolling("co2", co2, month_time(co2), 12, 24, 6, 12, monthly)
rolling("AirPassengers", AirPassengers, month_time(AirPassengers), 12, 24, 4, 12, monthly)
rolling("taylor", taylor, as.numeric(as.POSIXct("2000-06-05", tz = "UTC")) + 1800 * (seq_along(taylor) - 1),
	48, 336, 2, 336, function(v) msts(v, seasonal.periods = c(48, 336)))

# Synthetic capacity series with known truth, several draws of each.
ndraws <- 5
t0 <- as.numeric(as.POSIXct("2026-01-05", tz = "UTC"))	# a Monday
for (k in seq_len(ndraws)) {
	n <- 24 * 7 * 9
	hr <- (seq_len(n) - 1)
	dow <- (hr %/% 24) %% 7
	hod <- hr %% 24
	busy <- exp(-((hod - 14) / 4)^2)
	cpu <- 20 + 0.004 * hr + ifelse(dow < 5, 35, 8) * busy + rnorm(n, 0, 2.5)
	spk <- runif(n) < 0.01
	cpu[spk] <- cpu[spk] + runif(sum(spk), 20, 50)
	add("cpu-hourly", k, cpu, t0 + 3600 * hr, 24, 168, n - 168,
	    function(v) msts(v, seasonal.periods = c(24, 168)))

	nd <- 400
	day <- seq_len(nd) - 1
	# Steady growth of 0.8 a day, less on weekends, a slight wander and daily noise.
	disk <- 200 + 0.8 * day + ifelse(day %% 7 >= 5, -1.5, 0.6) + cumsum(rnorm(nd, 0, 0.1)) +
		rnorm(nd, 0, 0.8)
	add("disk-daily", k, disk, t0 + 86400 * day, 7, 60, nd - 60, function(v) ts(v, frequency = 7))

	nm <- 24 * 90
	mh <- seq_len(nm) - 1
	mem <- 4e9 * exp(0.004 * mh / 24) * (1 + 0.08 * sin(2 * pi * mh / 24)) * exp(rnorm(nm, 0, 0.01))
	add("mem-exp-hourly", k, mem, t0 + 3600 * mh, 24, 24 * 14, nm - 24 * 14,
	    function(v) ts(v, frequency = 24))
}

res <- NULL
for (s in cases) {
	tr <- 1:s$end
	te <- (s$end + 1):(s$end + s$h)
	base <- file.path(dir, sprintf("%s.%d", s$name, s$k))
	write_tsv(paste0(base, ".train.tsv"), s$t[tr], s$y[tr])
	write_tsv(paste0(base, ".test.tsv"), s$t[te], s$y[te])
	ytr <- s$y[tr]
	scale <- mean(abs(diff(ytr, lag = s$m)))
	x <- s$mk(ytr)
	yte <- s$y[te]
	row <- data.frame(series = s$name, case = s$k, n = length(tr), h = s$h, m = s$m, scale = scale)
	for (meth in c("ets", "auto.arima", "stlf")) {
		t1 <- proc.time()[["elapsed"]]
		fc <- tryCatch({
			if (meth == "ets") {
				# ets handles no seasonal period over 24 (taylor's 48 and
				# 336): it fits without one, as its warning says.
				forecast(suppressWarnings(ets(if (frequency(x) > 24) ts(ytr, frequency = s$m) else x)),
					 h = s$h, level = 95)
			} else if (meth == "auto.arima") {
				forecast(auto.arima(ts(ytr, frequency = s$m)), h = s$h, level = 95)
			} else {
				stlf(x, h = s$h, level = 95)
			}
		}, error = function(e) NULL)
		secs <- proc.time()[["elapsed"]] - t1
		if (is.null(fc)) {
			row[[paste0(meth, "_mase")]] <- NA
			row[[paste0(meth, "_cover")]] <- NA
		} else {
			row[[paste0(meth, "_mase")]] <- mean(abs(yte - as.numeric(fc$mean))) / scale
			row[[paste0(meth, "_cover")]] <- mean(yte >= as.numeric(fc$lower) & yte <= as.numeric(fc$upper))
		}
		row[[paste0(meth, "_secs")]] <- secs
	}
	res <- rbind(res, row)
	# Written after every case, so that a long run shows its progress.
	write.table(res, file.path(dir, "r-results.tsv.part"), sep = "\t", quote = FALSE, row.names = FALSE)
}
invisible(file.rename(file.path(dir, "r-results.tsv.part"), file.path(dir, "r-results.tsv")))

# Speed: a year of one-minute samples through stlf (daily period).
if (length(args) > 1 && args[2] == "speed") {
	nmin <- 525600
	mm <- seq_len(nmin) - 1
	y <- 50 + 0.00002 * mm + 10 * sin(2 * pi * mm / 1440) + rnorm(nmin, 0, 3)
	write_tsv(file.path(dir, "year-minutes.tsv"), t0 + 60 * mm, y)
	t1 <- proc.time()[["elapsed"]]
	invisible(stlf(ts(y, frequency = 1440), h = 1440, level = 95))
	cat(sprintf("%.3f\n", proc.time()[["elapsed"]] - t1), file = file.path(dir, "r-speed.txt"))
}
