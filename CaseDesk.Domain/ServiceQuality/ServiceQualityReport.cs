using System.Globalization;
using CaseDesk.Domain.Calls;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Installments;
using CaseDesk.Domain.Petitions;
using CaseDesk.Domain.Referrals;

namespace CaseDesk.Domain.ServiceQuality;

/// <summary>A row of a report table: a label and one cell per column (第一季 … 第四季, 合計); blank for quarters after the report's.</summary>
public sealed record ReportRow(string Label, IReadOnlyList<string> Cells);

/// <summary>One section of the report in the seed report's wording: a narrative paragraph, a table, and which quarters are frozen.</summary>
public sealed record ReportSection(string Key, string Title, string Narrative, IReadOnlyList<string> Headers, IReadOnlyList<ReportRow> Rows, string? FrozenNote)
{
    /// <summary>The numeric cells of a row per quarter (for charts); blanks and non-numbers are 0.</summary>
    public double[] QuarterValues(int rowIndex) => Rows[rowIndex].Cells.Take(4)
        .Select(c => double.TryParse(c.TrimEnd('%').Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0).ToArray();
}

/// <summary>
/// The quarterly service-quality report (提升服務品質執行成果報告) for a ROC year up to a quarter, assembled from the
/// per-area statistics — petitions, referrals, calls and lunch hours, installments — and the visitor surveys and
/// phone-courtesy checks. Petition and referral quarters that were frozen are read from their snapshots.
/// </summary>
public sealed record ServiceQualityReport(
    int RocYear,
    int Quarter,
    DateOnly PreparedOn,
    QuarterlyReport Petitions,
    ReferralReport Referrals,
    IReadOnlyList<CallQuarterFigures> Calls,
    IReadOnlyList<InstallmentQuarterFigures> Installments,
    SurveyYearFigures Surveys,
    SpotCheckYearFigures SpotChecks)
{
    /// <summary>"1 月至 9 月" for the third quarter.</summary>
    public string PeriodText => $"{RocYear} 年 1 月至 {Quarter * 3} 月";

    public string MonthsText => $"1~{Quarter * 3} 月份";

    public IReadOnlyList<string> Headers(string first) => [first, "第一季", "第二季", "第三季", "第四季", "合計"];

    /// <summary>Which petition and referral quarters come from frozen snapshots (who froze them and when).</summary>
    public IReadOnlyList<string> FrozenQuarters =>
        Petitions.Quarters.Where(q => q.IsFrozen && q.Quarter <= Quarter).Select(q => $"陳情案件第{QuarterName(q.Quarter)}季（{RocDate.FormatInstant(q.FrozenAtUtc!.Value)} {q.FrozenBy} 凍結）")
            .Concat(Referrals.Quarters.Where(q => q.IsFrozen && q.Quarter <= Quarter).Select(q => $"轉介成果第{QuarterName(q.Quarter)}季（{RocDate.FormatInstant(q.FrozenAtUtc!.Value)} {q.FrozenBy} 凍結）"))
            .ToList();

    public static string QuarterName(int q) => q switch { 1 => "一", 2 => "二", 3 => "三", _ => "四" };

    public static string Number(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public IReadOnlyList<ReportSection> Sections() =>
    [
        PetitionSection(), ChannelSection(), ReferralSection(), CallSection(), LunchSection(), InstallmentSection(), SurveySection(), SpotCheckSection(),
    ];

    /// <summary>A row from a per-quarter count: quarters after the report's stay blank; 合計 adds the reported quarters.</summary>
    private ReportRow Counts(string label, Func<int, int> ofQuarter) =>
        new(label, Enumerable.Range(1, 4).Select(q => q <= Quarter ? Number(ofQuarter(q)) : "")
            .Append(Number(Enumerable.Range(1, Quarter).Sum(ofQuarter))).ToList());

    private string QuarterList(Func<int, int> ofQuarter, string unit = "件") =>
        string.Join("、", Enumerable.Range(1, Quarter).Select(q => $"第{QuarterName(q)}季 {Number(ofQuarter(q))} {unit}"));

    private string? FrozenNote(IEnumerable<(int Quarter, bool Frozen, DateTime? At, string? By)> quarters)
    {
        var frozen = quarters.Where(q => q.Frozen && q.Quarter <= Quarter).ToList();
        return frozen.Count == 0 ? null
            : "以下季別數字取自已凍結之季報，之後的修改不影響：" + string.Join("、", frozen.Select(q => $"第{QuarterName(q.Quarter)}季（{RocDate.FormatInstant(q.At!.Value)} {q.By} 凍結）"));
    }

    private QuarterFigures P(int q) => Petitions.Quarters[q - 1];

    private ReportSection PetitionSection()
    {
        var categories = Enum.GetValues<PetitionCategory>();
        var total = Enumerable.Range(1, Quarter).Sum(q => P(q).Received);
        var narrative = $"{MonthsText}民眾陳情案件（含民意信箱、電子民意信箱等）計有 {Number(total)} 件。"
            + string.Concat(categories.Select((c, i) => $"（{i + 1}）{PetitionNames.Category(c)}：{QuarterList(q => P(q).ByCategory[(int)c])}。"));
        var replied = Enumerable.Range(1, Quarter).Sum(q => P(q).Replied);
        var onTime = Enumerable.Range(1, Quarter).Sum(q => P(q).RepliedOnTime);
        narrative += $"已函復 {Number(replied)} 件，依限函復 {Number(onTime)} 件（{Percent.Format(Percent.Of(onTime, replied))}），展延 {Number(Enumerable.Range(1, Quarter).Sum(q => P(q).Extended))} 件。";
        var rows = categories.Select(c => Counts(PetitionNames.Category(c), q => P(q).ByCategory[(int)c])).ToList();
        rows.Add(Counts("合計", q => P(q).Received));
        rows.Add(Counts("已函復", q => P(q).Replied));
        rows.Add(Counts("依限函復", q => P(q).RepliedOnTime));
        rows.Add(new ReportRow("依限函復率", Enumerable.Range(1, 4).Select(q => q <= Quarter ? Percent.Format(Percent.Of(P(q).RepliedOnTime, P(q).Replied)) : "")
            .Append(Percent.Format(Percent.Of(onTime, replied))).ToList()));
        rows.Add(Counts("展延", q => P(q).Extended));
        rows.Add(Counts("逾期已先聯繫", q => P(q).LateWithInterimContact));
        rows.Add(Counts("逾期未聯繫", q => P(q).Breach));
        return new ReportSection("petitions", "民眾陳情案件（依類別及季別）", narrative, Headers("類別/件數"), rows,
            FrozenNote(Petitions.Quarters.Select(q => (q.Quarter, q.IsFrozen, q.FrozenAtUtc, q.FrozenBy))));
    }

    private ReportSection ChannelSection()
    {
        var channels = Enum.GetValues<PetitionChannel>();
        int Of(int q, PetitionChannel c) => (int)c < P(q).ByChannel.Length ? P(q).ByChannel[(int)c] : 0;
        var used = channels.Where(c => Enumerable.Range(1, Quarter).Sum(q => Of(q, c)) > 0).ToList();
        var narrative = used.Count == 0 ? $"{MonthsText}尚無陳情案件。"
            : $"{MonthsText}陳情案件受理管道：" + string.Join("、", used.Select(c => $"{PetitionNames.Channel(c)} {Number(Enumerable.Range(1, Quarter).Sum(q => Of(q, c)))} 件")) + "。";
        var rows = channels.Select(c => Counts(PetitionNames.Channel(c), q => Of(q, c))).ToList();
        rows.Add(Counts("合計", q => P(q).Received));

        // A quarter frozen before channels were counted has its categories but no channels.
        var withoutChannels = Enumerable.Range(1, Quarter).Where(q => P(q).IsFrozen && P(q).Received > 0 && P(q).ByChannel.Sum() == 0).ToList();
        var note = FrozenNote(Petitions.Quarters.Select(q => (q.Quarter, q.IsFrozen, q.FrozenAtUtc, q.FrozenBy)));
        if (withoutChannels.Count > 0)
        {
            note += "；" + string.Join("、", withoutChannels.Select(q => $"第{QuarterName(q)}季")) + "凍結時尚未統計受理管道，管道欄為 0。";
        }

        return new ReportSection("channels", "陳情案件受理管道", narrative, Headers("管道/件數"), rows, note);
    }

    private ReportSection ReferralSection()
    {
        ReferralQuarterFigures R(int q) => Referrals.Quarters[q - 1];
        var total = Enumerable.Range(1, Quarter).Sum(q => R(q).Sent);
        var rows = new List<ReportRow> { Counts($"{RocYear} 年度", q => R(q).Sent) };
        rows.AddRange(Referrals.Partners.Select(p => Counts(p.Name, q => R(q).ByPartner.Where(x => x.PartnerId == p.Id).Sum(x => x.Sent))));
        return new ReportSection("referrals", $"本分署 {RocYear} 年度辦理「關懷弱勢除民怨」轉介成果表", $"{MonthsText}已轉介 {Number(total)} 案（{QuarterList(q => R(q).Sent, "案")}）。",
            Headers("年度/件數"), rows, FrozenNote(Referrals.Quarters.Select(q => (q.Quarter, q.IsFrozen, q.FrozenAtUtc, q.FrozenBy))));
    }

    private ReportSection CallSection()
    {
        CallQuarterFigures C(int q) => Calls[q - 1];
        int Sum(Func<CallQuarterFigures, int> f) => Enumerable.Range(1, Quarter).Sum(q => f(C(q)));
        var narrative = $"夜間、下班及例假日時段值日人員接獲義務人來電，{MonthsText}計 {Number(Sum(c => c.Calls))} 通，當場答復 {Number(Sum(c => c.AnsweredOnSpot))} 通，"
            + $"記錄後交承辦書記官回電 {Number(Sum(c => c.Callbacks))} 通（已聯繫答復 {Number(Sum(c => c.ClosedReached))} 通、主管結案 {Number(Sum(c => c.ClosedBySupervisor))} 通、尚待回電 {Number(Sum(c => c.StillOpen))} 通）。";
        List<ReportRow> rows =
        [
            Counts("來電通數", q => C(q).Calls),
            Counts("當場答復", q => C(q).AnsweredOnSpot),
            Counts("需回電", q => C(q).Callbacks),
            Counts("已回電聯繫", q => C(q).ClosedReached),
            Counts("主管結案", q => C(q).ClosedBySupervisor),
            Counts("逾時回電", q => C(q).ClosedLate),
            Counts("尚待回電", q => C(q).StillOpen),
        ];
        return new ReportSection("calls", "義務人來電記錄（夜間、下班及例假日）", narrative, Headers("項目/通數"), rows, null);
    }

    private ReportSection LunchSection()
    {
        CallQuarterFigures C(int q) => Calls[q - 1];
        var served = Enumerable.Range(1, Quarter).Sum(q => C(q).LunchPeopleServed);
        var days = Enumerable.Range(1, Quarter).Sum(q => C(q).LunchDaysLogged);
        return new ReportSection("lunch", "中午不打烊服務（12:30 至 13:30 輪值）", $"中午休息時間輪值，{MonthsText}登錄 {Number(days)} 日，受服務民眾共計 {Number(served)} 人次。",
            Headers("項目"), [Counts("受服務民眾（人次）", q => C(q).LunchPeopleServed), Counts("輪值登錄日數", q => C(q).LunchDaysLogged)], null);
    }

    private ReportSection InstallmentSection()
    {
        InstallmentQuarterFigures I(int q) => Installments[q - 1];
        int Sum(Func<InstallmentQuarterFigures, int> f) => Enumerable.Range(1, Quarter).Sum(q => f(I(q)));
        return new ReportSection("installments", "分期繳納", $"{MonthsText}受理分期繳納申請 {Number(Sum(i => i.Applied))} 件，核准 {Number(Sum(i => i.Approved))} 件、駁回 {Number(Sum(i => i.Rejected))} 件；因遲延廢止 {Number(Sum(i => i.Revoked))} 件。",
            Headers("項目/件數"), [Counts("受理申請", q => I(q).Applied), Counts("核准", q => I(q).Approved), Counts("駁回", q => I(q).Rejected), Counts("廢止", q => I(q).Revoked)], null);
    }

    private ReportSection SurveySection()
    {
        var toDate = Surveys.ToDate(Quarter);
        var sentences = SurveyScale.Questions.Select((question, i) =>
        {
            var f = toDate.For(question);
            return $"（{i + 1}）{SurveyScale.QuestionName(question)}：有效問卷 {Number(f.Answered)} 份，很滿意、滿意者 {Number(f.SatisfiedOrBetter)} 人，普通者 {Number(f.Neutral)} 人，不滿意者 {Number(f.Dissatisfied)} 人，合計滿意以上者佔全體受測比例為 {Percent.Format(f.SatisfiedPercent)}。";
        });
        var narrative = $"依本分署政風室 {MonthsText}訪查問卷研析，有效問卷合計 {Number(toDate.Questionnaires)} 人/份。" + string.Join("", sentences)
            + $"不滿意（含非常不滿意）之答項計 {Number(toDate.FollowUps)} 項，均電詢原因並告知改善對策（尚待追蹤 {Number(toDate.FollowUpsOpen)} 項）。";
        var rows = new List<ReportRow> { Counts("有效問卷（份）", q => Surveys.Quarters[q - 1].Questionnaires) };
        foreach (var question in SurveyScale.Questions)
        {
            rows.Add(Counts($"{SurveyScale.QuestionName(question)} 滿意以上（人）", q => Surveys.Quarters[q - 1].For(question).SatisfiedOrBetter));
            rows.Add(new ReportRow($"{SurveyScale.QuestionName(question)} 滿意以上比例",
                Enumerable.Range(1, 4).Select(q => q <= Quarter ? Percent.Format(Surveys.Quarters[q - 1].For(question).SatisfiedPercent) : "")
                    .Append(Percent.Format(toDate.For(question).SatisfiedPercent)).ToList()));
        }

        rows.Add(Counts("不滿意答項（追蹤）", q => Surveys.Quarters[q - 1].FollowUps));
        return new ReportSection("surveys", "政風訪查問卷（機關服務滿意度）", narrative, Headers("項目"), rows, null);
    }

    private ReportSection SpotCheckSection()
    {
        var toDate = SpotChecks.ToDate(Quarter);
        var monthly = SpotChecks.Months.Take(Quarter * 3).Where(m => m.Checks > 0).Select(m => m.Average!.Value).ToList();
        var flagged = SpotChecks.UnitsByQuarter.Where(u => u.Quarter <= Quarter).SelectMany(u => u.Units.Where(x => x.BelowThreshold).Select(x => $"第{QuarterName(u.Quarter)}季{x.UnitName}（{x.Figures.Average:0.0} 分）")).ToList();
        var narrative = $"每個月不定期抽測第一線服務人員電話禮貌，原則每 3 股抽測 1 股。本分署 {MonthsText}合計抽測 {Number(toDate.Checks)} 人次"
            + (toDate.Checks == 0 ? "。" : $"，平均分數為 {toDate.Average:0.0} 分（各月平均 {monthly.Min():0.0}~{monthly.Max():0.0} 分，最低 {toDate.Lowest} 分、最高 {toDate.Highest} 分）。")
            + (flagged.Count == 0 ? $"無平均低於 {SpotChecks.Threshold} 分之股別。" : $"平均低於 {SpotChecks.Threshold} 分之股別：{string.Join("、", flagged)}，已列入督導。");
        string Cell(int q, Func<SpotCheckPeriodFigures, string> f) => q <= Quarter ? f(SpotChecks.QuarterFigures(q)) : "";
        List<ReportRow> rows =
        [
            Counts("抽測人次", q => SpotChecks.QuarterFigures(q).Checks),
            new("平均分數", Enumerable.Range(1, 4).Select(q => Cell(q, f => f.Average is { } a ? a.ToString("0.0", CultureInfo.InvariantCulture) : "—")).Append(toDate.Average is { } t ? t.ToString("0.0", CultureInfo.InvariantCulture) : "—").ToList()),
            new("分數範圍", Enumerable.Range(1, 4).Select(q => Cell(q, f => f.Checks == 0 ? "—" : $"{f.Lowest}~{f.Highest}")).Append(toDate.Checks == 0 ? "—" : $"{toDate.Lowest}~{toDate.Highest}").ToList()),
            Counts($"低於 {SpotChecks.Threshold} 分股別數", q => SpotChecks.UnitsByQuarter[q - 1].Units.Count(u => u.BelowThreshold)),
        ];
        return new ReportSection("spotchecks", "電話禮貌抽測", narrative, Headers("項目"), rows, null);
    }
}

/// <summary>Assembles <see cref="ServiceQualityReport"/> from the per-area statistics services: one source of truth for every figure.</summary>
public sealed class ServiceQualityReportService(
    PetitionStatisticsService petitions,
    ReferralStatisticsService referrals,
    CallService calls,
    InstallmentStatisticsService installments,
    SurveyService surveys,
    SpotCheckService spotChecks,
    TimeProvider clock)
{
    public async Task<Result<ServiceQualityReport>> GetAsync(Actor actor, int rocYear, int quarter, CancellationToken ct = default)
    {
        if (!ServiceQualityAccess.CanSeeReport(actor))
        {
            return DomainError.Forbidden("服務品質季報僅主管與系統管理員可以查閱。");
        }

        if (quarter is < 1 or > 4)
        {
            return new DomainError("quarter_invalid", "季別應為 1 到 4。");
        }

        if (rocYear is < 1 or > 8088)
        {
            return new DomainError("stats_year", "年度不正確。");
        }

        var today = TaipeiTime.Today(clock);
        var start = Quarters.Start(rocYear, quarter);
        if (start > today)
        {
            return new DomainError("quarter_not_started", $"{rocYear}年第{ServiceQualityReport.QuarterName(quarter)}季尚未開始（{RocDate.Format(start)} 起），還不能產生這一季的報告。");
        }

        return Result.Success(new ServiceQualityReport(
            rocYear,
            quarter,
            today,
            await petitions.ReadAsync(rocYear, ct),
            await referrals.ReadAsync(rocYear, ct),
            await calls.ReadQuarterlyAsync(rocYear, ct),
            await installments.ReadAsync(rocYear, ct),
            await surveys.ReadAsync(rocYear, ct),
            await spotChecks.ReadAsync(rocYear, ct)));
    }
}
