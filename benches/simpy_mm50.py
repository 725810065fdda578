#!/usr/bin/env python3
"""The staffmix headline benchmark model in SimPy, for a throughput comparison.

M/M/50 at 90 % load: 50 servers, exponential service with mean 300 s, Poisson
arrivals at 0.9 * 50 / 300 = 0.15 per second (540 per hour), starting empty, no
warm-up; 200,000 customers per run, the same model and customer count as one
replication of `cargo bench --bench engine -- mm50/erlang_c` (which also keeps
per-interval tallies, time integrals and a wait histogram; this keeps the waits).

The model is written the way the SimPy documentation does it (a source process,
one process per customer, `simpy.Resource` with capacity 50, `with
resource.request()`), with the usual speed-ups that do not change its shape:
`random.Random.expovariate` bound to locals, waits appended to a list.

Prints customers per second of wall time for each run (the timing covers
building and running the model), then checks that the exact Erlang C mean wait
(21.83 s) lies inside a batch-means interval of the simulated waits, so both
programs are known to simulate the same queue.

    pip install simpy
    python3 benches/simpy_mm50.py            # 3 runs of 200,000 customers
    python3 benches/simpy_mm50.py --runs 1 --customers 50000
"""

import argparse
import math
import random
import statistics
import sys
import time

import simpy

SERVERS = 50
AHT_S = 300.0
LOAD = 0.9
ARRIVAL_RATE = LOAD * SERVERS / AHT_S  # per second
SERVICE_RATE = 1.0 / AHT_S


def simulate(customers, seed):
    """Runs one replication; returns the list of waits in queue (seconds)."""
    rng = random.Random(seed)
    interarrival = rng.expovariate
    service = rng.expovariate
    env = simpy.Environment()
    agents = simpy.Resource(env, capacity=SERVERS)
    waits = []
    record = waits.append

    def customer(env, agents):
        arrived = env.now
        with agents.request() as req:
            yield req
            record(env.now - arrived)
            yield env.timeout(service(SERVICE_RATE))

    def source(env, agents):
        process = env.process
        timeout = env.timeout
        for _ in range(customers):
            yield timeout(interarrival(ARRIVAL_RATE))
            process(customer(env, agents))

    env.process(source(env, agents))
    env.run()
    return waits


def erlang_c_mean_wait(servers, arrival_rate, service_rate):
    """Exact M/M/c mean wait in queue (seconds), pure Python.

    Erlang B by the stable recursion B(k) = a B(k-1) / (k + a B(k-1)), then
    C = B / (1 - rho (1 - B)) and Wq = C / (c mu - lambda).
    """
    a = arrival_rate / service_rate
    rho = a / servers
    b = 1.0
    for k in range(1, servers + 1):
        b = a * b / (k + a * b)
    c = b / (1.0 - rho * (1.0 - b))
    return c / (servers * service_rate - arrival_rate)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    exact = erlang_c_mean_wait(SERVERS, ARRIVAL_RATE, SERVICE_RATE)
    print(
        f"SimPy {simpy.__version__}, Python {sys.version.split()[0]}: "
        f"M/M/{SERVERS} at {LOAD:.0%} load, {args.customers} customers per run"
    )
    rates = []
    all_waits = []
    for run in range(args.runs):
        start = time.perf_counter()
        waits = simulate(args.customers, args.seed + run)
        elapsed = time.perf_counter() - start
        rate = len(waits) / elapsed
        rates.append(rate)
        all_waits.extend(waits)
        print(
            f"run {run + 1}: {len(waits)} customers in {elapsed:.3f} s = "
            f"{rate:,.0f} customers/s; mean wait {statistics.fmean(waits):.2f} s"
        )
    print(f"median: {statistics.median(rates):,.0f} customers/s")
    if not sanity_check(all_waits, exact):
        sys.exit(1)


def sanity_check(waits, exact, batches=20):
    """Is the exact Erlang C mean wait inside a batch-means interval of `waits`?

    Waits of successive customers are strongly correlated at 90 % load, so the
    interval is built from the means of `batches` consecutive batches (each of
    thousands of customers, much longer than the correlation time), with a
    Student t quantile for a 99.9 % two-sided interval on 19 degrees of freedom.
    """
    size = len(waits) // batches
    if size < 1_000:
        print(f"sanity: skipped ({len(waits)} customers are too few)")
        return True
    means = [statistics.fmean(waits[i * size : (i + 1) * size]) for i in range(batches)]
    mean = statistics.fmean(means)
    half = 3.883 * statistics.stdev(means) / math.sqrt(batches)
    ok = abs(mean - exact) <= half
    print(
        f"sanity: mean wait {mean:.2f} s +- {half:.2f} s (99.9 % batch means), "
        f"Erlang C {exact:.2f} s: {'OK' if ok else 'MISMATCH'}"
    )
    return ok


if __name__ == "__main__":
    main()
