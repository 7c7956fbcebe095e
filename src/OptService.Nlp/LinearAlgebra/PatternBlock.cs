namespace OptService.Nlp.LinearAlgebra;

/// <summary>
/// One part of a symmetric sparsity pattern: entries (<see cref="Rows"/>[e] + <see cref="RowShift"/>, <see cref="Columns"/>[e]).
/// A KKT matrix is passed as its Hessian block and its Jacobian block (rows shifted behind the primal unknowns)
/// instead of one concatenated triplet copy: at 50,000 intervals that copy was 2·10⁶ entries (16 MB) written and read
/// once per solve. Diagonal entries need not be listed: the ordering ignores them and the envelope always holds them.
/// </summary>
internal readonly record struct PatternBlock(int[] Rows, int[] Columns, int RowShift = 0);
