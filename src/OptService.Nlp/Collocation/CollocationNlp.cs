namespace OptService.Nlp.Collocation;

/// <summary>
/// Direct transcription of an <see cref="IOptimalControlProblem"/> into an <see cref="INlpProblem"/>.
/// <para>
/// Variables, ordered by time: for each node j the block [x_j; u_j], then the parameters p. Nodes are
/// the N + 1 grid points (forward Euler, trapezoidal) or the 2N + 1 grid points and interval midpoints
/// (Hermite–Simpson). Constraints: the defects of each interval (nx rows per defect equation), then the
/// path constraints at every node. Each defect row is Σ_terms a·x_node + b·f(z_node), so its Jacobian
/// is a few unit entries plus b·∂f/∂z of the nodes involved, and its Hessian contribution is b·λ times
/// the stage Hessian of that node. Boundary conditions are bounds on x_0 and x_N (a fixed value is a
/// fixed variable, which the solver removes). Derivatives are exact.
/// </para>
/// </summary>
public sealed class CollocationNlp : INlpProblem
{
    private readonly IOptimalControlProblem _ocp;
    private readonly int _nx, _nu, _np, _nc, _nz, _nf, _block;
    private readonly int _stride;
    private readonly DefectTerm[][] _defects; // per defect equation of an interval: its terms
    private readonly double[] _quadrature;    // per node
    private readonly double[] _z;
    private readonly double[] _f;
    private readonly double[] _jac;
    private readonly double[] _hess;
    private readonly double[] _weights;
    private readonly double[] _nodeWeights;
    private readonly double[] _stageJacobian;

    private readonly record struct DefectTerm(int Node, double A, double B);

    public CollocationNlp(IOptimalControlProblem problem, CollocationMethod method, int intervals)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentOutOfRangeException.ThrowIfLessThan(intervals, 1);
        _ocp = problem;
        Method = method;
        Intervals = intervals;
        _nx = problem.StateCount;
        _nu = problem.ControlCount;
        _np = problem.ParameterCount;
        _nc = problem.PathConstraintCount;
        _nz = _nx + _nu + _np;
        _nf = _nx + _nc + 1;
        _block = _nx + _nu;
        var h = 1.0 / intervals;
        _stride = method == CollocationMethod.HermiteSimpson ? 2 : 1;
        NodeCount = _stride * intervals + 1;
        _defects = method switch
        {
            CollocationMethod.ForwardEuler => [[new(1, 1, 0), new(0, -1, -h)]],
            CollocationMethod.Trapezoidal => [[new(1, 1, -h / 2), new(0, -1, -h / 2)]],
            CollocationMethod.HermiteSimpson =>
            [
                [new(1, 1, 0), new(0, -0.5, -h / 8), new(2, -0.5, h / 8)],
                [new(2, 1, -h / 6), new(0, -1, -h / 6), new(1, 0, -4 * h / 6)],
            ],
            _ => throw new ArgumentOutOfRangeException(nameof(method)),
        };
        _quadrature = new double[NodeCount];
        for (var k = 0; k < intervals; k++)
        {
            if (method == CollocationMethod.HermiteSimpson)
            {
                _quadrature[2 * k] += h / 6;
                _quadrature[2 * k + 1] += 4 * h / 6;
                _quadrature[2 * k + 2] += h / 6;
            }
            else
            {
                _quadrature[k] += h / 2;
                _quadrature[k + 1] += h / 2;
            }
        }
        DefectRowCount = intervals * _defects.Length * _nx;
        VariableCount = NodeCount * _block + _np;
        ConstraintCount = DefectRowCount + NodeCount * _nc;
        var defectEntries = 0;
        foreach (var defect in _defects)
            foreach (var term in defect)
                defectEntries += (term.A != 0 ? 1 : 0) + (term.B != 0 ? _nz : 0);
        JacobianNonZeroCount = intervals * _nx * defectEntries + NodeCount * _nc * _nz;
        HessianNonZeroCount = NodeCount * _nz * (_nz + 1) / 2;
        _z = new double[_nz];
        _f = new double[_nf];
        _jac = new double[_nf * _nz];
        _hess = new double[_nz * _nz];
        _weights = new double[_nf];
        _nodeWeights = new double[NodeCount * _nf];
        _stageJacobian = new double[NodeCount * _nf * _nz];
    }

    public CollocationMethod Method { get; }
    public int Intervals { get; }
    /// <summary>Grid points (and midpoints for Hermite–Simpson).</summary>
    public int NodeCount { get; }
    /// <summary>Rows of defect constraints (they come first; path constraints follow).</summary>
    public int DefectRowCount { get; }
    public int VariableCount { get; }
    public int ConstraintCount { get; }
    public int JacobianNonZeroCount { get; }
    public int HessianNonZeroCount { get; }

    /// <summary>Normalized time of node j.</summary>
    public double NodeTime(int node) => (double)node / (NodeCount - 1);

    /// <summary>Index of state i at node j in the NLP vector.</summary>
    public int StateIndex(int node, int state) => node * _block + state;

    /// <summary>Index of control i at node j.</summary>
    public int ControlIndex(int node, int control) => node * _block + _nx + control;

    /// <summary>Index of parameter i.</summary>
    public int ParameterIndex(int parameter) => NodeCount * _block + parameter;

    private int Column(int node, int q) => q < _block ? node * _block + q : NodeCount * _block + q - _block;

    private void Gather(ReadOnlySpan<double> x, int node)
    {
        x.Slice(node * _block, _block).CopyTo(_z);
        x.Slice(NodeCount * _block, _np).CopyTo(_z.AsSpan(_block));
    }

    public void GetBounds(Span<double> variableLower, Span<double> variableUpper, Span<double> constraintLower, Span<double> constraintUpper)
    {
        var b = _ocp.Bounds;
        for (var j = 0; j < NodeCount; j++)
        {
            for (var i = 0; i < _nx; i++)
            {
                double lo = b.StateLower[i], hi = b.StateUpper[i];
                if (j == 0) (lo, hi) = (Math.Max(lo, b.InitialStateLower[i]), Math.Min(hi, b.InitialStateUpper[i]));
                if (j == NodeCount - 1) (lo, hi) = (Math.Max(lo, b.FinalStateLower[i]), Math.Min(hi, b.FinalStateUpper[i]));
                variableLower[StateIndex(j, i)] = lo;
                variableUpper[StateIndex(j, i)] = hi;
            }
            for (var i = 0; i < _nu; i++)
            {
                variableLower[ControlIndex(j, i)] = b.ControlLower[i];
                variableUpper[ControlIndex(j, i)] = b.ControlUpper[i];
            }
        }
        for (var i = 0; i < _np; i++)
        {
            variableLower[ParameterIndex(i)] = b.ParameterLower[i];
            variableUpper[ParameterIndex(i)] = b.ParameterUpper[i];
        }
        constraintLower[..DefectRowCount].Clear();
        constraintUpper[..DefectRowCount].Clear();
        for (var j = 0; j < NodeCount; j++)
        {
            for (var i = 0; i < _nc; i++)
            {
                constraintLower[DefectRowCount + j * _nc + i] = b.PathLower[i];
                constraintUpper[DefectRowCount + j * _nc + i] = b.PathUpper[i];
            }
        }
    }

    public void GetStartingPoint(Span<double> x)
    {
        for (var j = 0; j < NodeCount; j++)
            _ocp.Guess(NodeTime(j), x.Slice(j * _block, _nx), x.Slice(j * _block + _nx, _nu));
        _ocp.GuessParameters(x.Slice(NodeCount * _block, _np));
    }

    public void GetJacobianStructure(Span<int> rows, Span<int> columns)
    {
        var e = 0;
        for (var k = 0; k < Intervals; k++)
        {
            for (var d = 0; d < _defects.Length; d++)
            {
                for (var i = 0; i < _nx; i++)
                {
                    var row = (k * _defects.Length + d) * _nx + i;
                    foreach (var term in _defects[d])
                    {
                        var node = k * _stride + term.Node;
                        if (term.A != 0) (rows[e], columns[e++]) = (row, StateIndex(node, i));
                        if (term.B != 0)
                            for (var q = 0; q < _nz; q++) (rows[e], columns[e++]) = (row, Column(node, q));
                    }
                }
            }
        }
        for (var j = 0; j < NodeCount; j++)
            for (var i = 0; i < _nc; i++)
                for (var q = 0; q < _nz; q++) (rows[e], columns[e++]) = (DefectRowCount + j * _nc + i, Column(j, q));
    }

    public void GetHessianStructure(Span<int> rows, Span<int> columns)
    {
        var e = 0;
        for (var j = 0; j < NodeCount; j++)
            for (var a = 0; a < _nz; a++)
                for (var b = 0; b <= a; b++) (rows[e], columns[e++]) = (Column(j, a), Column(j, b));
    }

    public double Objective(ReadOnlySpan<double> x)
    {
        var sum = 0.0;
        for (var j = 0; j < NodeCount; j++)
        {
            Gather(x, j);
            _ocp.Evaluate(_z, _f);
            sum += _quadrature[j] * _f[_nf - 1];
        }
        return sum;
    }

    public void ObjectiveGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        gradient.Clear();
        for (var j = 0; j < NodeCount; j++)
        {
            Gather(x, j);
            _ocp.Jacobian(_z, _jac);
            var row = (_nf - 1) * _nz;
            for (var q = 0; q < _nz; q++) gradient[Column(j, q)] += _quadrature[j] * _jac[row + q];
        }
    }

    public void Constraints(ReadOnlySpan<double> x, Span<double> g)
    {
        // Stage values of every node once, then the defect combinations.
        var stage = _nodeWeights; // reused as a NodeCount × nf buffer
        for (var j = 0; j < NodeCount; j++)
        {
            Gather(x, j);
            _ocp.Evaluate(_z, stage.AsSpan(j * _nf, _nf));
        }
        for (var k = 0; k < Intervals; k++)
        {
            for (var d = 0; d < _defects.Length; d++)
            {
                for (var i = 0; i < _nx; i++)
                {
                    var value = 0.0;
                    foreach (var term in _defects[d])
                    {
                        var node = k * _stride + term.Node;
                        value += term.A * x[StateIndex(node, i)] + term.B * stage[node * _nf + i];
                    }
                    g[(k * _defects.Length + d) * _nx + i] = value;
                }
            }
        }
        for (var j = 0; j < NodeCount; j++)
            for (var i = 0; i < _nc; i++) g[DefectRowCount + j * _nc + i] = stage[j * _nf + _nx + i];
    }

    public void JacobianValues(ReadOnlySpan<double> x, Span<double> values)
    {
        // Stage Jacobians per node (nf × nz each), cached for the defect terms that reference the node.
        var stageJacobian = _stageJacobian;
        for (var j = 0; j < NodeCount; j++)
        {
            Gather(x, j);
            _ocp.Jacobian(_z, stageJacobian.AsSpan(j * _nf * _nz, _nf * _nz));
        }
        var e = 0;
        for (var k = 0; k < Intervals; k++)
        {
            for (var d = 0; d < _defects.Length; d++)
            {
                for (var i = 0; i < _nx; i++)
                {
                    foreach (var term in _defects[d])
                    {
                        var node = k * _stride + term.Node;
                        if (term.A != 0) values[e++] = term.A;
                        if (term.B != 0)
                        {
                            var offset = (node * _nf + i) * _nz;
                            for (var q = 0; q < _nz; q++) values[e++] = term.B * stageJacobian[offset + q];
                        }
                    }
                }
            }
        }
        for (var j = 0; j < NodeCount; j++)
            for (var i = 0; i < _nc; i++)
            {
                var offset = (j * _nf + _nx + i) * _nz;
                for (var q = 0; q < _nz; q++) values[e++] = stageJacobian[offset + q];
            }
    }

    public void HessianValues(ReadOnlySpan<double> x, double objectiveFactor, ReadOnlySpan<double> multipliers, Span<double> values)
    {
        // Weight of each stage function at each node: Σ b·λ over defect terms, λ of path rows, σ·quadrature for L.
        var w = _nodeWeights;
        Array.Clear(w);
        for (var k = 0; k < Intervals; k++)
            for (var d = 0; d < _defects.Length; d++)
                for (var i = 0; i < _nx; i++)
                {
                    var lambda = multipliers[(k * _defects.Length + d) * _nx + i];
                    foreach (var term in _defects[d])
                        if (term.B != 0) w[(k * _stride + term.Node) * _nf + i] += term.B * lambda;
                }
        for (var j = 0; j < NodeCount; j++)
        {
            for (var i = 0; i < _nc; i++) w[j * _nf + _nx + i] = multipliers[DefectRowCount + j * _nc + i];
            w[j * _nf + _nf - 1] = objectiveFactor * _quadrature[j];
        }
        var e = 0;
        for (var j = 0; j < NodeCount; j++)
        {
            Gather(x, j);
            w.AsSpan(j * _nf, _nf).CopyTo(_weights);
            _ocp.Hessian(_z, _weights, _hess);
            for (var a = 0; a < _nz; a++)
                for (var b = 0; b <= a; b++) values[e++] = _hess[a * _nz + b];
        }
    }
}
