using System.Globalization;
using System.Net;
using System.Text;
using CaseDesk.Domain.Identity;

namespace CaseDesk.Domain.Referrals;

/// <summary>Everything the referral form (個案轉介單) prints.</summary>
public sealed record ReferralFormModel(
    string OfficeName,
    string Number,
    DateOnly Date,
    bool IsDraft,
    string UnitName,
    string ClerkName,
    string? ClerkPhone,
    string PartnerName,
    string PartnerContact,
    string? PartnerPhone,
    string? PartnerFax,
    string? PartnerEmail,
    string ObligorName,
    string? ObligorIdNumber,
    string? ObligorPhone,
    string? ObligorAddress,
    string? CaseNumber,
    WelfareNeed Needs,
    string? OtherNeed,
    string Situation,
    int? HouseholdSize,
    int? Dependents,
    long? MonthlyIncome,
    IncomeStatus IncomeStatus,
    string? SpecialCircumstances,
    ReferralUrgency Urgency,
    DateOnly? ConsentOn,
    ConsentMethod? ConsentMethod,
    string? ConsentRecordedBy);

/// <summary>
/// The referral form as one HTML document: the same markup is printed from the browser (A4, print styles)
/// and attached to the e-mail to a partner, so what the partner receives is what the clerk printed.
/// Every value is HTML-encoded.
/// </summary>
public static class ReferralFormDocument
{
    private const string Styles = """
        .cd-rf { font-family: "Noto Sans CJK TC", "Noto Sans TC", "Microsoft JhengHei", sans-serif; color: #000; font-size: 11pt; max-width: 180mm; margin: 0 auto; }
        .cd-rf h1 { font-size: 17pt; text-align: center; margin: 0 0 2mm; letter-spacing: 2pt; }
        .cd-rf .cd-rf-sub { text-align: center; margin: 0 0 4mm; font-size: 10pt; }
        .cd-rf table { width: 100%; border-collapse: collapse; margin-bottom: 3mm; }
        .cd-rf th, .cd-rf td { border: 1px solid #000; padding: 1.6mm 2mm; vertical-align: top; text-align: left; }
        .cd-rf th { width: 24mm; background: #f2f2f2; font-weight: 600; white-space: nowrap; }
        .cd-rf .cd-rf-section { background: #e6e6e6; text-align: center; font-weight: 700; }
        .cd-rf .cd-rf-box { display: inline-block; margin-right: 4mm; white-space: nowrap; }
        .cd-rf .cd-rf-text { white-space: pre-wrap; min-height: 22mm; }
        .cd-rf .cd-rf-sign { height: 14mm; }
        .cd-rf .cd-rf-draft { color: #b00020; text-align: center; font-weight: 700; margin-bottom: 2mm; }
        .cd-rf .cd-rf-urgent { color: #b00020; font-weight: 700; }
        .cd-rf .cd-rf-foot { font-size: 9pt; margin-top: 2mm; }
        @media print { .cd-rf { max-width: none; } @page { size: A4; margin: 15mm; } }
        """;

    public static string Render(ReferralFormModel f, bool standalone)
    {
        var html = new StringBuilder();
        if (standalone)
        {
            html.Append("<!DOCTYPE html><html lang=\"zh-Hant-TW\"><head><meta charset=\"utf-8\"><title>個案轉介單 ").Append(E(f.Number)).Append("</title><style>").Append(Styles).Append("</style></head><body>");
        }
        else
        {
            html.Append("<style>").Append(Styles).Append("</style>");
        }

        html.Append("<article class=\"cd-rf\" id=\"referral-form\">");
        if (f.IsDraft)
        {
            html.Append("<div class=\"cd-rf-draft\">草稿（尚未送出）</div>");
        }

        html.Append("<h1>").Append(E(f.OfficeName)).Append(" 個案轉介單</h1>");
        html.Append("<p class=\"cd-rf-sub\">轉介編號：").Append(E(f.Number)).Append("　轉介日期：").Append(E(RocDate.FormatLong(f.Date)));
        if (f.Urgency == ReferralUrgency.Urgent)
        {
            html.Append("　<span class=\"cd-rf-urgent\">【急件】</span>");
        }

        html.Append("</p>");

        html.Append("<table><tr><td class=\"cd-rf-section\" colspan=\"4\">受轉介單位</td></tr>");
        Row(html, "單位名稱", f.PartnerName, "聯絡窗口", f.PartnerContact);
        Row(html, "電話", f.PartnerPhone, "傳真", f.PartnerFax);
        html.Append("</table>");

        html.Append("<table><tr><td class=\"cd-rf-section\" colspan=\"4\">個案基本資料</td></tr>");
        Row(html, "姓名", f.ObligorName, "身分證統一編號", f.ObligorIdNumber);
        Row(html, "聯絡電話", f.ObligorPhone, "執行案號", f.CaseNumber);
        html.Append("<tr><th>地址</th><td colspan=\"3\">").Append(E(f.ObligorAddress)).Append("</td></tr>");
        Row(html, "家戶人數", f.HouseholdSize?.ToString(CultureInfo.InvariantCulture) is { } h ? h + " 人" : null, "受扶養人數", f.Dependents?.ToString(CultureInfo.InvariantCulture) is { } d ? d + " 人" : null);
        Row(html, "家戶月收入", f.MonthlyIncome is { } income ? Money.Format(income) : null, "福利身分", IncomeStatusName(f.IncomeStatus));
        html.Append("<tr><th>特殊狀況</th><td colspan=\"3\">").Append(E(f.SpecialCircumstances)).Append("</td></tr>");
        html.Append("</table>");

        html.Append("<table><tr><td class=\"cd-rf-section\" colspan=\"2\">轉介需求</td></tr><tr><th>需求項目</th><td>");
        foreach (var need in WelfareNeeds.All)
        {
            html.Append("<span class=\"cd-rf-box\">").Append(f.Needs.HasFlag(need) ? "☑" : "☐").Append(' ').Append(E(WelfareNeeds.Name(need)));
            if (need == WelfareNeed.Other && f.Needs.HasFlag(WelfareNeed.Other))
            {
                html.Append("：").Append(E(f.OtherNeed));
            }

            html.Append("</span>");
        }

        html.Append("</td></tr><tr><th>個案狀況<br>與轉介原因</th><td class=\"cd-rf-text\">").Append(E(f.Situation)).Append("</td></tr></table>");

        html.Append("<table><tr><td class=\"cd-rf-section\" colspan=\"2\">個人資料提供同意</td></tr><tr><td colspan=\"2\">");
        html.Append("本人同意").Append(E(f.OfficeName)).Append("將上列個人資料提供予受轉介單位，作為提供社會福利、就業或家庭支持服務之用。");
        html.Append("</td></tr><tr><th>同意情形</th><td>");
        if (f.ConsentOn is { } consentOn)
        {
            html.Append(E(RocDate.FormatLong(consentOn))).Append("　");
            html.Append(f.ConsentMethod == Referrals.ConsentMethod.Signed ? "本人簽名同意" : "口頭同意，由 " + E(f.ConsentRecordedBy) + " 記錄");
        }
        else
        {
            html.Append("尚未取得同意（未取得同意不得轉介）");
        }

        html.Append("</td></tr><tr><th>義務人簽名</th><td class=\"cd-rf-sign\"></td></tr></table>");

        html.Append("<table><tr><td class=\"cd-rf-section\" colspan=\"4\">轉介單位</td></tr>");
        Row(html, "單位", f.OfficeName + " " + f.UnitName, "承辦人", f.ClerkName);
        Row(html, "電話", f.ClerkPhone, "承辦人核章", null);
        html.Append("<tr><td class=\"cd-rf-section\" colspan=\"4\">受轉介單位回覆（請於收案後回傳）</td></tr>");
        Row(html, "收案日期", null, "貴單位案號", null);
        Row(html, "處理情形", null, "回覆人", null);
        html.Append("</table>");
        html.Append("<p class=\"cd-rf-foot\">本轉介單含個人資料，請依個人資料保護法妥善保管，僅供轉介服務之用。</p>");
        html.Append("</article>");
        if (standalone)
        {
            html.Append("</body></html>");
        }

        return html.ToString();
    }

    public static string IncomeStatusName(IncomeStatus status) => status switch
    {
        IncomeStatus.NotRegistered => "一般戶",
        IncomeStatus.MiddleLowIncome => "中低收入戶",
        IncomeStatus.LowIncome => "低收入戶",
        _ => "不詳",
    };

    private static void Row(StringBuilder html, string label1, string? value1, string label2, string? value2) =>
        html.Append("<tr><th>").Append(E(label1)).Append("</th><td>").Append(E(value1)).Append("</td><th>").Append(E(label2)).Append("</th><td>").Append(E(value2)).Append("</td></tr>");

    private static string E(string? value) => WebUtility.HtmlEncode(value ?? "");
}
