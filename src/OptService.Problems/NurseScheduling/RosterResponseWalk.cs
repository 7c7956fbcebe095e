namespace OptService.Problems.NurseScheduling;

/// <summary>
/// Iterated local search over one-person best responses (<see cref="RosterBestResponse"/>): descend until nobody's
/// row improves alone, then kick a few related people off their current days in a window, let everybody respond
/// again, and keep the result when it is no worse than a little above the best roster (else go back). Best responses
/// alone stop where two people would have to change at once; a kick makes that change and the descent repairs around it.
/// </summary>
internal sealed partial class RosterResponseWalk
{
    /// <summary>How far above the best penalty the walk may wander, as a fraction of it (at least 1).</summary>
    private const double Slack = 0.002;

    private readonly RosterInstance _instance;
    private readonly Random _random;
    private readonly RosterBestResponse _response;
    private RosterGrid _saved;
    private long _savedObjective;
    private readonly bool _transfers; // shift types of different lengths, and somebody who responds over the whole horizon

    /// <remarks><paramref name="personStateBudget"/>: see <see cref="RosterBestResponse.PersonStateBudget"/> (a small
    /// one puts everybody on windows, as on a year).</remarks>
    public RosterResponseWalk(RosterInstance instance, Random random, long personStateBudget = RosterBestResponse.PersonStateBudget)
    {
        _instance = instance;
        _random = random;
        _response = new RosterBestResponse(instance, personStateBudget);
        _saved = _response.Current;
        _transfers = instance.ShiftLengths.Distinct().Count() > 1 && Enumerable.Range(0, instance.StaffCount).Any(e => !_response.UsesWindows(e));
    }

    /// <summary>Kicks tried, and kicks whose result was kept, for the log.</summary>
    public int Kicks { get; private set; }
    public int Kept { get; private set; }

    /// <summary>Kicks that were ejection chains (<see cref="Eject"/>), for the log.</summary>
    public int Ejections { get; private set; }

    public string Describe() => $"{_response.Describe()}; {_response.Solves} DP solves, {_response.Moves} moves, {Kicks} kicks ({Kept} kept, {Ejections} ejection chains, {Transfers} minutes transfers, {Handovers} weekend handovers)";

    /// <summary>Starts from <paramref name="roster"/> (a valid roster) and descends to its local optimum.</summary>
    public RosterGrid Start(RosterGrid roster, long objective, Func<bool> stop)
    {
        _response.Load(roster, objective);
        _response.Descend(_random, stop);
        Save();
        return _response.Current;
    }

    /// <summary>The working roster and its penalty.</summary>
    public RosterGrid Current => _response.Current;
    public long Objective => _response.Objective;

    /// <summary>
    /// One kick and descent. Returns the new roster when it is better than <paramref name="best"/> (a copy the caller
    /// may keep), else null; the walk itself moves on to the result when it is within the slack of the best.
    /// </summary>
    public RosterGrid? Step(long best, Func<bool> stop)
    {
        Kicks++;
        // Half the steps try a minutes transfer where one can happen, a quarter an ejection chain (a third without
        // transfers) or, where nobody can be forced over the whole horizon, a weekend handover; the rest a kick, as does
        // a step whose move finds nothing to do. (Handovers on two thirds of the steps: Instance20 at 60 s 5,828 / 5,723 /
        // 5,548 against 5,685 / 5,708 / 5,542 with a third.)
        var move = _transfers ? _random.Next(4) : _random.Next(3);
        if (!(move == 0 && (Eject(stop) || Handover(stop))) && !(_transfers && move is 1 or 2 && Transfer(stop)))
        {
            var (people, from, to) = Draw();
            _response.Kick(people, from, to, _response.KickWeight);
            _response.Descend(_random, stop);
        }
        var objective = _response.Objective;
        if (objective < best)
        {
            Kept++;
            Save();
            return _response.Current.Copy();
        }
        if (objective <= _savedObjective || objective <= best + Math.Max(1, (long)(Slack * best)))
        {
            Kept++;
            Save();
        }
        else
        {
            _response.Load(_saved, _savedObjective, everybodyDue: stop());
        }
        return null;
    }

    /// <summary>An ejection chain along a cell below its requirement: somebody who may work it is forced onto it (their
    /// best row that works it) and the people due respond; while that left a cell the forced person worked below its
    /// requirement and the penalty is still above where the chain began, somebody else is forced onto that cell (at most
    /// <see cref="ChainLength"/> links); then the forced people respond again themselves. False when there is no such
    /// cell, or nobody of a few drawn can be forced onto it.</summary>
    private bool Eject(Func<bool> stop)
    {
        if (_response.RandomShortCell(_random) is not var (day, shift)) return false;
        var start = _response.Objective;
        var forced = new List<int>();
        for (var link = 0; link < ChainLength; link++)
        {
            var person = -1;
            foreach (var e in _response.MayWork(day, shift).Where(e => !forced.Contains(e)).OrderBy(_ => _random.Next()).Take(3))
            {
                var before = _response.Current.Row(e).ToArray();
                if (!_response.Force(e, day, shift)) continue;
                person = e;
                forced.Add(e);
                _response.Descend(_random, stop);
                // The next link: a cell this person left that is now below its requirement.
                var left = Enumerable.Range(0, _instance.Days)
                    .Where(d => before[d] != RosterGrid.Off && _response.Current.Shift[e, d] != before[d] && _response.IsShort(d, before[d]))
                    .ToList();
                if (left.Count == 0 || _response.Objective <= start) link = ChainLength;
                else
                {
                    day = left[_random.Next(left.Count)];
                    shift = before[day];
                }
                break;
            }
            if (person < 0) break;
        }
        if (forced.Count == 0) return false;
        Ejections++;
        foreach (var e in forced) _response.MarkDue(e);
        _response.Descend(_random, stop);
        return true;
    }

    /// <summary>Most people forced in one ejection chain.</summary>
    private const int ChainLength = 3;

    private void Save()
    {
        _saved = _response.Current.Copy();
        _savedObjective = _response.Objective;
    }

    /// <summary>Two to four people and a window of one to four weeks: half the time people who may work a cell below
    /// its requirement, with the window around it (nobody alone fills it, so somebody else must change first), else
    /// a random person and people who share a shift type with them.</summary>
    private (List<int> People, int From, int To) Draw()
    {
        var staff = _instance.StaffCount;
        var size = Math.Min(staff, 2 + _random.Next(3));
        var length = Math.Min(_instance.Days, 7 * (1 + _random.Next(4)));
        if (_random.Next(2) == 0 && _response.RandomShortCell(_random) is var (day, shift))
        {
            var candidates = _response.MayWork(day, shift).OrderBy(_ => _random.Next()).Take(size).ToList();
            if (candidates.Count > 0)
            {
                var start = Math.Clamp(day - _random.Next(length), 0, _instance.Days - length);
                return (candidates, start, start + length);
            }
        }
        var seed = _random.Next(staff);
        var people = new List<int> { seed };
        var related = Enumerable.Range(0, staff)
            .Where(e => e != seed && Enumerable.Range(0, _instance.ShiftCount).Any(s => _instance.Staff[seed].MaxShifts[s] > 0 && _instance.Staff[e].MaxShifts[s] > 0))
            .OrderBy(_ => _random.Next()).Take(size - 1);
        people.AddRange(related);
        var from = _random.Next(_instance.Days - length + 1);
        return (people, from, from + length);
    }
}
