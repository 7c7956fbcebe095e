using System.Globalization;
using System.Text;
using Google.OrTools.ModelBuilder;
using OptService.Problems.Transshipment;
using static OptService.Problems.Tests.Transshipment.TransshipmentTestKit;

namespace OptService.Problems.Tests.Transshipment;

public class ModelFileTests
{
    private static (string Lp, string Mps) Files(TransshipmentProblem problem)
    {
        var network = FlowNetwork.From(problem);
        var writer = new ModelFileWriter(network, ModelNames.For(network));
        return (Encoding.UTF8.GetString(writer.WriteLp()), Encoding.UTF8.GetString(writer.WriteMps()));
    }

    [Fact]
    public void Mps_RoundTripsThroughOrTools_ToTheAmericanSteelOptimum()
    {
        var (_, mps) = Files(Seed());
        var model = new Model();

        Assert.True(model.ImportFromMpsString(mps));
        Assert.Equal(14, model.VariablesCount());
        Assert.Equal(9, model.ConstraintsCount());
        var solver = new Solver("scip");
        Assert.Equal(SolveStatus.OPTIMAL, solver.Solve(model));
        Assert.Equal(15005, solver.ObjectiveValue, 6);
    }

    [Fact]
    public async Task Mps_RoundTripsAGeneratedNetwork_WithUncapacitatedArcsAndMinimumFlows()
    {
        var problem = TransshipmentGenerator.Generate(60, 300, seed: 3);
        var (_, mps) = Files(problem);
        var model = new Model();
        Assert.True(model.ImportFromMpsString(mps));
        var solver = new Solver("glop");

        Assert.Equal(SolveStatus.OPTIMAL, solver.Solve(model));
        var expected = (await SolveAsync(problem)).Report.Objective!.Value;
        Assert.Equal(expected, solver.ObjectiveValue, 6);
    }

    [Fact]
    public void Lp_StatesTheSameModel_AndReadsBackToTheAmericanSteelOptimum()
    {
        var (lp, _) = Files(Seed());

        Assert.Contains("\\ node Kansas_City = Kansas City", lp, StringComparison.Ordinal);
        Assert.Contains(" b_Houston: + x9_Cincinnati_Houston + x10_Kansas_City_Houston >= 7000", lp, StringComparison.Ordinal);
        Assert.Contains(" 1000 <= x2_Youngstown_Kansas_City <= 5000", lp, StringComparison.Ordinal);
        Assert.Contains("Generals", lp, StringComparison.Ordinal);
        var model = CplexLpReader.Read(lp);
        var solver = new Solver("scip");
        Assert.Equal(SolveStatus.OPTIMAL, solver.Solve(model));
        Assert.Equal(15005, solver.ObjectiveValue, 6);
    }

    [Fact]
    public void Names_AreSanitizedAndUnique()
    {
        var problem = new TransshipmentProblem
        {
            Nodes = [Node("St. Louis", supply: 1), Node("St_ Louis", demand: 1), Node("Zürich")],
            Arcs = [Arc("St. Louis", "St_ Louis", 1), Arc("St. Louis", "St_ Louis", 2)],
        };
        var names = ModelNames.For(FlowNetwork.From(problem));
        var (lp, mps) = Files(problem);

        Assert.Equal(["St__Louis", "St__Louis_1", "Z_rich"], names.NodeTokens);
        Assert.Contains("x0_St__Louis_St__Louis_1", lp, StringComparison.Ordinal);
        Assert.Contains("x1_St__Louis_St__Louis_1", mps, StringComparison.Ordinal);
        var model = new Model();
        Assert.True(model.ImportFromMpsString(mps));
    }

    /// <summary>
    /// Reads the CPLEX LP subset our writer emits. OR-Tools' own LP reader takes a different (lp_solve
    /// like) dialect, so this checks that the LP file states the model the MPS file states.
    /// </summary>
    private static class CplexLpReader
    {
        public static Model Read(string text)
        {
            var model = new Model();
            var variables = new Dictionary<string, Variable>();
            Variable Var(string name) => variables.TryGetValue(name, out var v) ? v
                : variables[name] = model.NewNumVar(0, double.PositiveInfinity, name);

            var section = "";
            var statement = new StringBuilder();
            foreach (var raw in text.Split('\n'))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('\\')) continue;
                if (line is "Minimize" or "Subject To" or "Bounds" or "Generals" or "End")
                {
                    Flush(statement, section, model, Var);
                    section = line;
                    continue;
                }
                if (section is "Subject To" && line.Contains(':', StringComparison.Ordinal)) Flush(statement, section, model, Var);
                if (section is "Bounds" or "Generals") Flush(statement, section, model, Var);
                statement.Append(' ').Append(line);
            }
            Flush(statement, section, model, Var);
            return model;
        }

        private static void Flush(StringBuilder statement, string section, Model model, Func<string, Variable> var)
        {
            var tokens = statement.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            statement.Clear();
            if (tokens.Length == 0) return;
            switch (section)
            {
                case "Minimize":
                    model.Minimize(Terms(tokens.Skip(1), var));
                    break;
                case "Subject To":
                    var op = Array.IndexOf(tokens, ">=");
                    model.Add(Terms(tokens.Skip(1).Take(op - 1), var) >= Number(tokens[op + 1]));
                    break;
                case "Bounds":
                    var v = var(tokens[2]);
                    v.LowerBound = Number(tokens[0]);
                    if (tokens.Length == 5) v.UpperBound = Number(tokens[4]);
                    break;
                case "Generals":
                    foreach (var name in tokens) model.Helper.SetVarIntegrality(var(name).Index, true);
                    break;
            }
        }

        private static LinearExprBuilder Terms(IEnumerable<string> tokens, Func<string, Variable> var)
        {
            var expression = new LinearExprBuilder();
            double sign = 1, coefficient = 1;
            foreach (var token in tokens)
            {
                if (token is "+" or "-") (sign, coefficient) = (token == "-" ? -1 : 1, 1);
                else if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) coefficient = number;
                else expression.AddTerm(var(token), sign * coefficient);
            }
            return expression;
        }

        private static double Number(string token) => double.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
