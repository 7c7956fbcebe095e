namespace OptService.Problems.NurseScheduling;

/// <summary>
/// One person's prices ρ ≥ 0 on the rules their DP does not keep (per-type maxima; the minutes window and the maximum
/// of worked weekends when they are not DP states), for <see cref="RosterColumnGeneration"/>'s pricing. With any ρ ≥ 0
/// the priced DP's value, minus Σ ρ × limit, is at most the person's minimum over the rows that keep every rule, so
/// it is a valid part of a lower bound; the prices only decide how close.
/// </summary>
/// <remarks>Each price moves by a sign rule (Rprop): up while its rule is broken, down while it holds with room and the
/// price is positive; the step grows ×1.5 while the direction stays, halves when it flips. The first step is the scale
/// of the cover prices: starting from 1 with cover prices of 100 (under-cover weight 100), Instance13's rows kept
/// breaking their minutes for the whole time share (bound −68,066).</remarks>
internal sealed class PersonMultipliers
{
    private readonly RosterInstance _instance;
    private readonly int _e;
    private readonly int _shifts;
    private readonly bool[] _typePriced;
    private readonly bool _maxMinutes;
    private readonly bool _minMinutes;
    private readonly bool _weekends;
    // Index k: types 0..S−1, then maximum minutes S, minimum minutes S+1, weekends S+2.
    private readonly double[] _price;
    private readonly double[] _step;
    private readonly int[] _lastSign;

    /// <param name="instance">The instance.</param>
    /// <param name="e">The person.</param>
    /// <param name="dp">The person's DP: which rules it keeps decides which are priced.</param>
    /// <param name="firstStep">The first step of every price: the scale of the cover prices (half the mean under-cover
    /// weight), so that a price catches up with cover prices in a few steps, not dozens.</param>
    public PersonMultipliers(RosterInstance instance, int e, RosterPersonDp dp, double firstStep)
    {
        _instance = instance;
        _e = e;
        _shifts = instance.ShiftCount;
        var person = instance.Staff[e];
        _typePriced = person.MaxShifts.Select(m => m > 0 && m < instance.Days).ToArray();
        _maxMinutes = !dp.ExactMinutes && person.MaxTotalMinutes is not null;
        _minMinutes = !dp.ExactMinutes && person.MinTotalMinutes is > 0;
        _weekends = !dp.ExactWeekends && person.MaxWeekends is { } w && w < instance.WeekendCount;
        _price = new double[_shifts + 3];
        _step = Enumerable.Repeat(Math.Max(1, firstStep), _shifts + 3).ToArray();
        _lastSign = new int[_shifts + 3];
    }

    /// <summary>
    /// The person's Lagrangian value at the cover-priced costs <paramref name="workCost"/> (requests minus cover
    /// prices, +∞ where not allowed) and <paramref name="offCost"/>: the DP's minimum with this person's prices added
    /// to the costs, minus Σ price × limit. The DP's row goes to <paramref name="row"/>; <paramref name="scratch"/> is
    /// a buffer of workCost's size. +∞ when no row keeps the DP's rules.
    /// </summary>
    public double Solve(RosterPersonDp dp, double[] workCost, double[] offCost, double[] scratch, int[] row, double lengthScale, int shifts)
    {
        var person = _instance.Staff[_e];
        var perMinute = ((_maxMinutes ? _price[_shifts] : 0) - (_minMinutes ? _price[_shifts + 1] : 0)) / lengthScale;
        for (var i = 0; i < workCost.Length; i++)
        {
            var s = i % shifts;
            var c = workCost[i];
            scratch[i] = double.IsPositiveInfinity(c) ? c : c + (_typePriced[s] ? _price[s] : 0) + (perMinute * _instance.ShiftLengths[s]);
        }
        var value = dp.Solve(scratch, offCost, _weekends ? _price[_shifts + 2] : 0, row);
        if (double.IsPositiveInfinity(value)) return value;
        for (var s = 0; s < _shifts; s++)
            if (_typePriced[s]) value -= _price[s] * person.MaxShifts[s];
        if (_maxMinutes) value -= _price[_shifts] * person.MaxTotalMinutes!.Value / lengthScale;
        if (_minMinutes) value += _price[_shifts + 1] * person.MinTotalMinutes!.Value / lengthScale;
        if (_weekends) value -= _price[_shifts + 2] * person.MaxWeekends!.Value;
        return value;
    }

    /// <summary>True when <paramref name="row"/> keeps every rule of the person's contract.</summary>
    public bool Keeps(int[] row) => PersonRules.Hold(_instance, _e, row);

    /// <summary>Moves each price by the sign of its rule's excess in <paramref name="row"/>.</summary>
    public void Step(int[] row, double lengthScale)
    {
        var person = _instance.Staff[_e];
        var count = new int[_shifts];
        long minutes = 0;
        foreach (var s in row)
        {
            if (s == RosterGrid.Off) continue;
            count[s]++;
            minutes += _instance.ShiftLengths[s];
        }
        for (var s = 0; s < _shifts; s++)
            if (_typePriced[s]) Move(s, count[s] - person.MaxShifts[s]);
        if (_maxMinutes) Move(_shifts, (minutes - person.MaxTotalMinutes!.Value) / lengthScale);
        if (_minMinutes) Move(_shifts + 1, (person.MinTotalMinutes!.Value - minutes) / lengthScale);
        if (_weekends)
        {
            var weekends = _instance.WeekendsWorked(row);
            Move(_shifts + 2, weekends - person.MaxWeekends!.Value);
        }
    }

    private void Move(int k, double excess)
    {
        var sign = excess > 0 ? 1 : excess < 0 && _price[k] > 0 ? -1 : 0;
        if (sign == 0)
        {
            _lastSign[k] = 0;
            return;
        }
        if (sign == _lastSign[k]) _step[k] *= 1.5;
        else if (sign == -_lastSign[k]) _step[k] *= 0.5;
        _price[k] = Math.Max(0, _price[k] + (sign * _step[k]));
        _lastSign[k] = sign;
    }
}
