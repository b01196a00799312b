using System.Globalization;
using CaseDesk.Domain.Petitions;
using CaseDesk.Web.Resources;
using Microsoft.Extensions.Localization;

namespace CaseDesk.Web.Components.Pages.Petitions;

/// <summary>One row of the quarterly table: a label and the four quarters plus the year's total.</summary>
public sealed record QuarterlyTableRow(string Label, string[] Values, bool IsCategory);

/// <summary>The quarterly report in the seed report's shape, shared by the page and the Excel/CSV export.</summary>
public static class QuarterlyTable
{
    public static IReadOnlyList<string> Headers(IStringLocalizer<SharedResource> l) =>
        [l["StatsItem"], l["Quarter1"], l["Quarter2"], l["Quarter3"], l["Quarter4"], l["Total"]];

    public static IReadOnlyList<QuarterlyTableRow> Build(QuarterlyReport report, IStringLocalizer<SharedResource> l)
    {
        var columns = report.Quarters.Append(report.Total).ToList();
        string[] Values(Func<QuarterFigures, string> value) => columns.Select(value).ToArray();
        static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

        var rows = Enum.GetValues<PetitionCategory>()
            .Select(c => new QuarterlyTableRow(l["PetitionCategory." + c], Values(q => N(q.ByCategory[(int)c])), true))
            .ToList();
        rows.Add(new(l["StatsReceived"], Values(q => N(q.Received)), false));
        rows.Add(new(l["StatsReplied"], Values(q => N(q.Replied)), false));
        rows.Add(new(l["StatsOnTime"], Values(q => N(q.RepliedOnTime)), false));
        rows.Add(new(l["StatsOnTimeRate"], Values(q => q.OnTimeRate is { } r ? r.ToString("P1", CultureInfo.InvariantCulture) : "—"), false));
        rows.Add(new(l["StatsExtended"], Values(q => N(q.Extended)), false));
        rows.Add(new(l["Deadline.LateWithInterimContact"], Values(q => N(q.LateWithInterimContact)), false));
        rows.Add(new(l["Deadline.Breach"], Values(q => N(q.Breach)), false));
        rows.Add(new(l["StatsTransferred"], Values(q => N(q.Transferred)), false));
        rows.Add(new(l["StatsFiled"], Values(q => N(q.FiledWithoutAction)), false));
        rows.Add(new(l["StatsOpen"], Values(q => N(q.StillOpen)), false));
        return rows;
    }
}
