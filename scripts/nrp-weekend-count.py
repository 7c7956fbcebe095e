#!/usr/bin/env python3
"""Splits a roster's short weekend shifts into what the head count per weekend forces and what the rest costs.

    scripts/nrp-weekend-count.py <instance.txt> <result.json>

<instance.txt> is a benchmark file (Instance1..24 text format); <result.json> is a nurse-scheduling result, e.g. the
file the benchmark runner writes with NURSE_RESULT_DIR=<dir> (its Roster.Assignments: Nurse, Day, Shift).

Per weekend it prints the Saturday and Sunday demand, how many people work it (either day) in the roster, how many the
counting allocation would put there, and three counts of short shifts:
  - by count at the roster's head count: max(0, Sat demand - n) + max(0, Sun demand - n), what no choice of types or
    days could avoid with that many people on the weekend;
  - actual: the roster's short shifts on the weekend's days (all cover targets of the day);
  - by count at the best head counts: the same formula at the greedy allocation of the people's maximum weekends,
    which is the allocation of RosterWeekendBound (src/OptService.Problems/NurseScheduling/RosterWeekendBound.cs)
    without its per-type and over-cover terms.
The gap between the first and the second is what types and sequence rules cost within the weekends; between the third
and the first, which weekends the people work.
"""
import collections
import json
import sys


def read_instance(path):
    section, staff, cover, days, off = None, {}, {}, 0, collections.defaultdict(set)
    for line in open(path):
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        if line.startswith('SECTION_'):
            section = line
            continue
        p = line.split(',')
        if section == 'SECTION_HORIZON':
            days = int(line)
        elif section == 'SECTION_STAFF':
            staff[p[0]] = int(p[7])  # MaxWeekends
        elif section == 'SECTION_DAYS_OFF':
            off[p[0]].update(int(x) for x in p[1:])
        elif section == 'SECTION_COVER':
            cover[(int(p[0]), p[1])] = int(p[2])
    return staff, cover, days, off


def main(instance, result):
    staff, cover, days, off = read_instance(instance)
    weekends = days // 7
    demand = collections.Counter()
    for (day, _), requirement in cover.items():
        demand[day] += requirement
    assignments = json.load(open(result))['Roster']['Assignments']
    rows = collections.defaultdict(dict)
    count = collections.Counter()
    for a in assignments:
        rows[a['Nurse']][a['Day']] = a['Shift']
        count[(a['Day'], a['Shift'])] += 1

    def short_by_count(w, n):
        return max(0, demand[7 * w + 5] - n) + max(0, demand[7 * w + 6] - n)

    def short_actual(day):
        return sum(max(0, r - count[(d, s)]) for (d, s), r in cover.items() if d == day)

    # Person-weekends each person can give: their maximum, counting only weekends not both fixed days off.
    open_weekends = {e: sum(1 for w in range(weekends) if not {7 * w + 5, 7 * w + 6} <= off[e]) for e in staff}
    supply = sum(min(m, open_weekends[e]) for e, m in staff.items())
    allocation = [0] * weekends
    for _ in range(supply):
        best = max(range(weekends), key=lambda w: short_by_count(w, allocation[w]) - short_by_count(w, allocation[w] + 1))
        if short_by_count(best, allocation[best]) - short_by_count(best, allocation[best] + 1) <= 0:
            break
        allocation[best] += 1

    totals = [0, 0, 0]
    print('weekend  Sat/Sun demand  people (best)  short: by count, actual, by count at best')
    for w in range(weekends):
        sat, sun = 7 * w + 5, 7 * w + 6
        n = sum(1 for row in rows.values() if sat in row or sun in row)
        counted, actual, best = short_by_count(w, n), short_actual(sat) + short_actual(sun), short_by_count(w, allocation[w])
        totals = [totals[0] + counted, totals[1] + actual, totals[2] + best]
        print(f'{w:7}  {demand[sat]:6}/{demand[sun]:<6}  {n:6} ({allocation[w]:3})  {counted:5} {actual:7} {best:9}')
    print(f'total short weekend shifts: by count at the roster\'s head counts {totals[0]}, actual {totals[1]}, '
          f'by count at the best head counts {totals[2]}')


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
