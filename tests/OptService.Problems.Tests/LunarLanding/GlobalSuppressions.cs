using System.Diagnostics.CodeAnalysis;

// Test names follow STYLE.md (Method_Result_WhenCondition).
[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores",
    Scope = "namespaceanddescendants", Target = "~N:OptService.Problems.Tests.LunarLanding")]
