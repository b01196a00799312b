using CaseDesk.Domain.Dashboard;

namespace CaseDesk.Web.Components.Pages.Dashboard;

/// <summary>A unit's or a handler's counts; <see cref="Filter"/> is the list filter their links carry (nounit / nohandler for the 未分股 and 未分派 rows).</summary>
public sealed record CountsRow(string Name, DeadlineCounts Counts, string Filter, string Today);
