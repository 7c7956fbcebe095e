using Google.OrTools.Sat;

namespace OptService.Problems.NurseScheduling;

/// <summary>What one neighbourhood frees: these people on days From ≤ d &lt; To; everything else stays as it is.</summary>
internal sealed record Neighbourhood(NeighbourhoodKind Kind, List<int> Staff, int From, int To);

/// <summary>The three shapes of neighbourhood.</summary>
internal enum NeighbourhoodKind
{
    /// <summary>A few people who share shift types, over the whole horizon: moves work between people (requests,
    /// totals, weekends).</summary>
    Staff,

    /// <summary>Everybody over a window of days: reshuffles who works what on those days (cover).</summary>
    Days,

    /// <summary>The people who may work a penalised shift type, over a window around the penalised day: the two above
    /// at once, for cover that needs a person to give up a shift elsewhere in the window.</summary>
    Mix,

    /// <summary>Two people who may work a penalised shift type, over a long window around the penalised day: moves a
    /// person's work across weeks (totals and per-type maxima bind them to the days they already work, so cover short
    /// at one end of the horizon needs work given up at the other), which no short window can.</summary>
    Long,
}

/// <summary>
/// Chooses neighbourhoods and sizes them adaptively. Each kind has its own size (people for <see cref="NeighbourhoodKind.Staff"/>,
/// days for the others), which grows when CP-SAT proves a neighbourhood optimal within its small time budget and
/// shrinks when it does not: the sizes settle where about half the sub-solves are closed, i.e. the largest
/// neighbourhood CP-SAT can still search completely. Kinds are drawn in proportion to the penalty each removed per
/// second recently (with a floor, so that no kind starves); windows are drawn in proportion to the penalty on their days.
/// </summary>
internal sealed class RosterNeighbourhoods
{
    private readonly RosterInstance _instance;
    private readonly Random _random;
    private readonly double[] _size;
    private readonly double[] _gainPerSecond;
    private readonly int[] _typesOf;

    public RosterNeighbourhoods(RosterInstance instance, Random random)
    {
        _instance = instance;
        _random = random;
        // Start small: a neighbourhood CP-SAT closes in well under a second on the benchmark's largest instances.
        _size = [Math.Min(instance.StaffCount, 3), Math.Min(instance.Days, 3), Math.Min(instance.Days, 7), Math.Min(instance.Days, 28)];
        _gainPerSecond = [1, 1, 1, 1];
        _typesOf = Enumerable.Range(0, instance.StaffCount)
            .Select(e => Enumerable.Range(0, instance.ShiftCount).Count(s => instance.Staff[e].MaxShifts[s] > 0)).ToArray();
    }

    private readonly int[] _drawn = new int[4];
    private readonly long[] _gain = new long[4];
    private readonly double[] _seconds = new double[4];

    /// <summary>Per kind: neighbourhoods searched, penalty removed and seconds spent, for the job log (which kinds pay
    /// off on an instance).</summary>
    public string Tally => string.Join(", ", Enum.GetValues<NeighbourhoodKind>().Select(k =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{k.ToString().ToLowerInvariant()} {_drawn[(int)k]} (−{_gain[(int)k]} in {_seconds[(int)k]:F0} s)")));

    /// <summary>Current size per kind, for the log.</summary>
    public string Sizes => string.Join(", ", Enum.GetValues<NeighbourhoodKind>().Select(k => $"{k.ToString().ToLowerInvariant()} {_size[(int)k]:F0}"));

    public Neighbourhood Next(RosterGrid current)
    {
        var kind = ChooseKind();
        var penalty = PenaltyByDayAndShift(current);
        return kind switch
        {
            NeighbourhoodKind.Staff => StaffNeighbourhood(),
            NeighbourhoodKind.Days => DaysNeighbourhood(penalty),
            NeighbourhoodKind.Mix => MixNeighbourhood(penalty),
            _ => LongNeighbourhood(penalty, current),
        };
    }

    /// <summary>Records how a neighbourhood went: its gain (penalty removed), the time it took, and whether CP-SAT
    /// closed it (proved it optimal) within its budget, only found a roster, or not even that.</summary>
    public void Report(Neighbourhood n, long gain, double seconds, CpSolverStatus status)
    {
        var k = (int)n.Kind;
        _drawn[k]++;
        _gain[k] += gain;
        _seconds[k] += seconds;
        _gainPerSecond[k] = (0.7 * _gainPerSecond[k]) + (0.3 * gain / Math.Max(0.05, seconds));
        var max = n.Kind == NeighbourhoodKind.Staff ? _instance.StaffCount : _instance.Days;
        // Closed: try larger. Timed out with a roster: a little smaller. Not even the hinted roster back: much smaller.
        var factor = status switch { CpSolverStatus.Optimal => 1.2, CpSolverStatus.Feasible => 0.85, _ => 0.6 };
        _size[k] = Math.Clamp(_size[k] * factor, 1, max);
    }

    private NeighbourhoodKind ChooseKind()
    {
        // A kind is drawn with probability ∝ its recent gain per second plus a floor of a fifth of the mean.
        var floor = 0.2 * _gainPerSecond.Average() + 1e-9;
        var weights = _gainPerSecond.Select(g => g + floor).ToArray();
        var draw = _random.NextDouble() * weights.Sum();
        for (var k = 0; k < weights.Length; k++)
            if ((draw -= weights[k]) < 0) return (NeighbourhoodKind)k;
        return NeighbourhoodKind.Long;
    }

    private Neighbourhood StaffNeighbourhood()
    {
        var size = (int)Math.Round(_size[(int)NeighbourhoodKind.Staff]);
        var staff = _instance.StaffCount;
        // Related people: a random person, then people who may work one of their shift types.
        var seed = _random.Next(staff);
        var chosen = new HashSet<int> { seed };
        var related = Enumerable.Range(0, staff)
            .Where(e => e != seed && Enumerable.Range(0, _instance.ShiftCount).Any(s => _instance.Staff[seed].MaxShifts[s] > 0 && _instance.Staff[e].MaxShifts[s] > 0))
            .OrderBy(_ => _random.Next()).ToList();
        foreach (var e in related)
        {
            if (chosen.Count >= size) break;
            chosen.Add(e);
        }
        while (chosen.Count < size) chosen.Add(_random.Next(staff));
        return new Neighbourhood(NeighbourhoodKind.Staff, chosen.Order().ToList(), 0, _instance.Days);
    }

    private Neighbourhood DaysNeighbourhood(long[,] penalty)
    {
        var length = (int)Math.Round(_size[(int)NeighbourhoodKind.Days]);
        var (from, to) = Window(DrawDay(penalty).Day, length);
        return new Neighbourhood(NeighbourhoodKind.Days, Enumerable.Range(0, _instance.StaffCount).ToList(), from, to);
    }

    private Neighbourhood MixNeighbourhood(long[,] penalty)
    {
        var length = (int)Math.Round(_size[(int)NeighbourhoodKind.Mix]);
        var (day, shift) = DrawDay(penalty);
        var (from, to) = Window(day, length);
        // The people who may work that shift type, at most half of everybody (people with fewer types first: they
        // are the ones who cannot be replaced).
        var staff = Enumerable.Range(0, _instance.StaffCount)
            .Where(e => _instance.Staff[e].MaxShifts[shift] > 0)
            .OrderBy(e => _typesOf[e]).ThenBy(_ => _random.Next())
            .Take(Math.Max(2, _instance.StaffCount / 2)).Order().ToList();
        return new Neighbourhood(NeighbourhoodKind.Mix, staff, from, to);
    }

    private Neighbourhood LongNeighbourhood(long[,] penalty, RosterGrid current)
    {
        var length = (int)Math.Round(_size[(int)NeighbourhoodKind.Long]);
        var (day, shift) = DrawDay(penalty);
        var (from, to) = Window(day, length);
        // One person who may work the type and is off that day (can take it on when it is short) and one who works it
        // that day (can give it up when it is over, or trade with the first): between them CP-SAT can move a shift
        // across the penalised day and pay for it elsewhere in the window.
        var allowed = Enumerable.Range(0, _instance.StaffCount).Where(e => _instance.Staff[e].MaxShifts[shift] > 0).OrderBy(_ => _random.Next()).ToList();
        var staff = new List<int>();
        if (allowed.FirstOrDefault(e => current.Shift[e, day] == RosterGrid.Off, -1) is var off and >= 0) staff.Add(off);
        if (allowed.FirstOrDefault(e => current.Shift[e, day] == shift, -1) is var on and >= 0) staff.Add(on);
        foreach (var e in allowed.Concat(Enumerable.Range(0, _instance.StaffCount)))
        {
            if (staff.Count >= 2) break;
            if (!staff.Contains(e)) staff.Add(e);
        }
        return new Neighbourhood(NeighbourhoodKind.Long, staff.Distinct().Order().ToList(), from, to);
    }

    /// <summary>A window of the given length that contains the day, placed at random around it.</summary>
    private (int From, int To) Window(int day, int length)
    {
        var days = _instance.Days;
        length = Math.Clamp(length, 1, days);
        var from = Math.Clamp(day - _random.Next(length), 0, days - length);
        return (from, from + length);
    }

    /// <summary>A (day, shift type), drawn with probability ∝ its penalty + 1 (so a roster without penalty still moves).</summary>
    private (int Day, int Shift) DrawDay(long[,] penalty)
    {
        double total = 0;
        foreach (var p in penalty) total += p + 1;
        var draw = _random.NextDouble() * total;
        for (var d = 0; d < _instance.Days; d++)
            for (var s = 0; s < _instance.ShiftCount; s++)
                if ((draw -= penalty[d, s] + 1) < 0) return (d, s);
        return (_instance.Days - 1, _instance.ShiftCount - 1);
    }

    /// <summary>Cover deviations and unmet requests of the roster, per day and shift type.</summary>
    private long[,] PenaltyByDayAndShift(RosterGrid grid)
    {
        var penalty = new long[_instance.Days, _instance.ShiftCount];
        var people = new int[_instance.Days, _instance.ShiftCount];
        for (var e = 0; e < _instance.StaffCount; e++)
            for (var d = 0; d < _instance.Days; d++)
                if (grid.Shift[e, d] != RosterGrid.Off) people[d, grid.Shift[e, d]]++;
        foreach (var c in _instance.Cover)
        {
            var n = people[c.Day, c.Shift];
            penalty[c.Day, c.Shift] += (long)c.WeightUnder * Math.Max(0, c.Requirement - n) + ((long)c.WeightOver * Math.Max(0, n - c.Requirement));
        }
        foreach (var r in _instance.OnRequests)
            if (grid.Shift[r.Staff, r.Day] != r.Shift) penalty[r.Day, r.Shift] += r.Weight;
        foreach (var r in _instance.OffRequests)
            if (grid.Shift[r.Staff, r.Day] == r.Shift) penalty[r.Day, r.Shift] += r.Weight;
        return penalty;
    }
}
