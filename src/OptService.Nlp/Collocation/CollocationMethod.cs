namespace OptService.Nlp.Collocation;

/// <summary>How the dynamics are discretized on N equal intervals of [0, 1] (h = 1/N).</summary>
public enum CollocationMethod
{
    /// <summary>x_{k+1} = x_k + h f_k; integral cost by the trapezoid rule. First order.</summary>
    ForwardEuler,

    /// <summary>x_{k+1} = x_k + h/2 (f_k + f_{k+1}); trapezoid rule. Second order.</summary>
    Trapezoidal,

    /// <summary>
    /// Separated Hermite–Simpson: midpoint states and controls are variables;
    /// x_m = (x_k + x_{k+1})/2 + h/8 (f_k − f_{k+1}) and x_{k+1} = x_k + h/6 (f_k + 4 f_m + f_{k+1});
    /// Simpson's rule for the cost. Fourth order for smooth solutions.
    /// </summary>
    HermiteSimpson,
}
