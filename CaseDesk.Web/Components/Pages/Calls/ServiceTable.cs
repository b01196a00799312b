using CaseDesk.Domain.Calls;
using CaseDesk.Web.Resources;
using Microsoft.Extensions.Localization;

namespace CaseDesk.Web.Components.Pages.Calls;

/// <summary>One row of the service statistics: an element id, a label, the four quarters and the year's total.</summary>
public sealed record ServiceTableRow(string Id, string Label, int[] Values);

/// <summary>The service statistics (為民服務統計) as rows, shared by the page and the Excel/CSV export.</summary>
public static class ServiceTable
{
    public static IReadOnlyList<string> Headers(IStringLocalizer<SharedResource> l) =>
        [l["StatsItem"], l["Quarter1"], l["Quarter2"], l["Quarter3"], l["Quarter4"], l["Total"]];

    public static IReadOnlyList<ServiceTableRow> Build(IReadOnlyList<CallQuarterFigures> quarters, IStringLocalizer<SharedResource> l)
    {
        ServiceTableRow Row(string id, string label, Func<CallQuarterFigures, int> value) =>
            new(id, label, quarters.OrderBy(q => q.Quarter).Select(value).Append(quarters.Sum(value)).ToArray());

        var rows = new List<ServiceTableRow>
        {
            Row("svc-lunch", l["LunchPeopleServed"], q => q.LunchPeopleServed),
            Row("svc-lunch-days", l["LunchDaysLogged"], q => q.LunchDaysLogged),
            Row("svc-calls", l["AfterHoursCalls"], q => q.Calls),
            Row("svc-spot", l["AnsweredOnSpotCount"], q => q.AnsweredOnSpot),
            Row("svc-callbacks", l["CallbacksCount"], q => q.Callbacks),
            Row("svc-reached", l["CallClosure.Reached"], q => q.ClosedReached),
            Row("svc-decided", l["CallClosure.SupervisorDecision"], q => q.ClosedBySupervisor),
            Row("svc-late", l["ClosedLate"], q => q.ClosedLate),
            Row("svc-open", l["StillOpen"], q => q.StillOpen),
        };
        foreach (var outcome in Enum.GetValues<AttemptOutcome>())
        {
            rows.Add(Row($"svc-attempt-{outcome}", l["AttemptsBy", l["AttemptOutcome." + outcome]], q => q.AttemptsByOutcome[outcome]));
        }

        return rows;
    }
}
