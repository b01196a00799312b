using System.Globalization;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Referrals;
using CaseDesk.Web.Resources;
using Microsoft.Extensions.Localization;

namespace CaseDesk.Web.Components.Pages.Referrals;

/// <summary>One row of a referral results table: a label and its values (the quarters, the year's total, and any extra columns).</summary>
public sealed record ReferralTableRow(string Label, string[] Values, bool IsTotal = false);

/// <summary>One table of the referral results: the seed report's 轉介成果表, or a breakdown by partner, need or outcome.</summary>
public sealed record ReferralTableSection(string Key, string Title, IReadOnlyList<string> Headers, IReadOnlyList<ReferralTableRow> Rows);

/// <summary>
/// The referral results (轉介成果表) in the seed report's shape — one row for the year, the four quarters and the total —
/// then by partner, by need and by outcome. Shared by the page and the Excel/CSV export.
/// A quarter that has not begun is left blank, as the seed report leaves the fourth quarter.
/// </summary>
public static class ReferralTable
{
    public const string Results = "results";
    public const string Partners = "partners";
    public const string Needs = "needs";
    public const string Outcomes = "outcomes";

    public static IReadOnlyList<ReferralTableSection> Build(ReferralReport report, DateOnly today, IStringLocalizer<SharedResource> l)
    {
        var total = report.Total;
        var begun = report.Quarters.Select(q => HasBegun(report.RocYear, q.Quarter, today)).ToArray();
        string[] Values(Func<ReferralQuarterFigures, int> value) =>
            report.Quarters.Select((q, i) => begun[i] ? N(value(q)) : "").Append(N(value(total))).ToArray();
        IReadOnlyList<string> Headers(string first, params string[] extra) =>
            [first, l["Quarter1"], l["Quarter2"], l["Quarter3"], l["Quarter4"], l["Total"], .. extra];

        var results = new ReferralTableSection(Results, l["ReferralSectionResults"], Headers(l["ReferralYearColumn"]),
            [new ReferralTableRow(l["RocYearDegree", report.RocYear], Values(q => q.Sent))]);

        var partnerRows = report.Partners.Select(p =>
        {
            var year = total.ByPartner.FirstOrDefault(x => x.PartnerId == p.Id);
            var values = Values(q => q.ByPartner.FirstOrDefault(x => x.PartnerId == p.Id)?.Sent ?? 0);
            return new ReferralTableRow(p.Name, [.. values, Days(year?.AverageAckWorkingDays), N(year?.AcknowledgedLate ?? 0)]);
        }).ToList();
        var acknowledged = total.ByPartner.Sum(p => p.Acknowledged);
        double? average = acknowledged == 0 ? null : (double)total.ByPartner.Sum(p => p.AckWorkingDays) / acknowledged;
        partnerRows.Add(new ReferralTableRow(l["Total"], [.. Values(q => q.Sent), Days(average), N(total.ByPartner.Sum(p => p.AcknowledgedLate))], IsTotal: true));
        var partners = new ReferralTableSection(Partners, l["ReferralSectionPartners"], Headers(l["ReferralPartnerColumn"], l["ReferralAvgAckDays"], l["ReferralAckLate"]), partnerRows);

        var needRows = WelfareNeeds.All.Select((need, i) => new ReferralTableRow(l["WelfareNeed." + need], Values(q => q.ByNeed[i]))).ToList();
        var needs = new ReferralTableSection(Needs, l["ReferralSectionNeeds"], Headers(l["ReferralNeedColumn"]), needRows);

        var outcomes = new ReferralTableSection(Outcomes, l["ReferralSectionOutcomes"], Headers(l["ReferralOutcomeColumn"]),
        [
            new ReferralTableRow(l["ReferralStats.ServiceGiven"], Values(q => q.ServiceGiven)),
            new ReferralTableRow(l["ReferralStats.ClosedOtherwise"], Values(q => q.ClosedOtherwise)),
            new ReferralTableRow(l["ReferralStats.Rejected"], Values(q => q.Rejected)),
            new ReferralTableRow(l["ReferralStats.Withdrawn"], Values(q => q.Withdrawn)),
            new ReferralTableRow(l["ReferralStats.StillOpen"], Values(q => q.StillOpen)),
            new ReferralTableRow(l["Total"], Values(q => q.Sent), IsTotal: true),
        ]);

        return [results, partners, needs, outcomes];
    }

    /// <summary>Whether the quarter has begun by <paramref name="today"/> (a quarter still to come is left blank).</summary>
    public static bool HasBegun(int rocYear, int quarter, DateOnly today) => new DateOnly(rocYear + RocDate.EraOffset, (quarter - 1) * 3 + 1, 1) <= today;

    /// <summary>Whether the quarter is over by <paramref name="today"/> (only then can it be frozen).</summary>
    public static bool HasEnded(int rocYear, int quarter, DateOnly today) => today > new DateOnly(rocYear + RocDate.EraOffset, quarter * 3, 1).AddMonths(1).AddDays(-1);

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Days(double? days) => days is { } d ? d.ToString("0.0", CultureInfo.InvariantCulture) : "—";
}
