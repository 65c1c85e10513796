#!/usr/bin/env python3
"""Funnel limits by Wilson inversion, computed apart from congvu (pure Python).

At volume n the upper limit is the observed proportion p whose Wilson score
interval has the overall rate p0 as its lower end; the lower limit, the one whose
interval has p0 as its upper end. Found here by bisection on the Wilson formula
itself (no closed form), clipped to [0, 1] when no proportion reaches p0.
Run: python3 limits.py > limits.csv
"""
from math import sqrt
from statistics import NormalDist


def wilson(p, n, z):
    c = p + z * z / (2 * n)
    h = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    d = 1 + z * z / n
    return (c - h) / d, (c + h) / d


def bisect(f, lo, hi):
    # f increasing on [lo, hi]; root of f = 0
    for _ in range(200):
        mid = (lo + hi) / 2
        if f(mid) < 0:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def limits(p0, n, level):
    z = NormalDist().inv_cdf(1 - (1 - level) / 2)
    # upper: wilson lower end of p equals p0, p in [p0, 1]
    if wilson(1.0, n, z)[0] < p0:
        hi = 1.0
    else:
        hi = bisect(lambda p: wilson(p, n, z)[0] - p0, p0, 1.0)
    # lower: wilson upper end of p equals p0, p in [0, p0]
    if wilson(0.0, n, z)[1] > p0:
        lo = 0.0
    else:
        lo = bisect(lambda p: wilson(p, n, z)[1] - p0, 0.0, p0)
    return lo, hi


print("p0,n,level,lo,hi")
for p0 in (0.5, 0.8, 0.9, 0.975, 0.1):
    for n in (5, 20, 50, 100, 400, 1000, 10000):
        for level in (0.95, 0.998):
            lo, hi = limits(p0, n, level)
            print(f"{p0},{n},{level},{lo:.12f},{hi:.12f}")
