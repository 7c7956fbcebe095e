namespace OptService.Problems.Transshipment;

/// <summary>The American Steel network (optimal cost 15005), shown prefilled in Swagger UI.</summary>
public static class TransshipmentExample
{
    public static TransshipmentProblem AmericanSteel { get; } = new()
    {
        Name = "American Steel",
        Nodes =
        [
            new() { Id = "Youngstown", Supply = 10000 },
            new() { Id = "Pittsburgh", Supply = 15000 },
            new() { Id = "Cincinnati" },
            new() { Id = "Kansas City" },
            new() { Id = "Chicago" },
            new() { Id = "Albany", Demand = 3000 },
            new() { Id = "Houston", Demand = 7000 },
            new() { Id = "Tempe", Demand = 4000 },
            new() { Id = "Gary", Demand = 6000 },
        ],
        Arcs =
        [
            Arc("Youngstown", "Albany", 0.5, 0, 1000),
            Arc("Youngstown", "Cincinnati", 0.35, 0, 3000),
            Arc("Youngstown", "Kansas City", 0.45, 1000, 5000),
            Arc("Youngstown", "Chicago", 0.375, 0, 5000),
            Arc("Pittsburgh", "Cincinnati", 0.35, 0, 2000),
            Arc("Pittsburgh", "Kansas City", 0.45, 2000, 3000),
            Arc("Pittsburgh", "Chicago", 0.4, 0, 4000),
            Arc("Pittsburgh", "Gary", 0.45, 0, 2000),
            Arc("Cincinnati", "Albany", 0.35, 1000, 5000),
            Arc("Cincinnati", "Houston", 0.55, 0, 6000),
            Arc("Kansas City", "Houston", 0.375, 0, 4000),
            Arc("Kansas City", "Tempe", 0.65, 0, 4000),
            Arc("Chicago", "Tempe", 0.6, 0, 2000),
            Arc("Chicago", "Gary", 0.12, 0, 4000),
        ],
        IntegerFlows = true,
    };

    private static TransshipmentArc Arc(string from, string to, double cost, double min, double max) =>
        new() { From = from, To = to, Cost = cost, MinFlow = min, MaxFlow = max };
}
