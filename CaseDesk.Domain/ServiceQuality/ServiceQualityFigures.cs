namespace CaseDesk.Domain.ServiceQuality;

/// <summary>The report's percentages: one decimal, halves rounded up (218 of 225 → 96.9).</summary>
public static class Percent
{
    public static decimal? Of(int part, int whole) =>
        whole == 0 ? null : Math.Round(part * 100m / whole, 1, MidpointRounding.AwayFromZero);

    public static string Format(decimal? value) => value is { } v ? v.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%" : "—";
}

/// <summary>One question's answers in a period, counted by rating (indexed by rating − 1).</summary>
public sealed record QuestionFigures(SurveyQuestion Question, int[] ByRating)
{
    public int Answered => ByRating.Sum();

    /// <summary>非常滿意 + 滿意.</summary>
    public int SatisfiedOrBetter => ByRating[0] + ByRating[1];

    public int Neutral => ByRating[2];

    /// <summary>不滿意 + 非常不滿意.</summary>
    public int Dissatisfied => ByRating[3] + ByRating[4];

    public decimal? SatisfiedPercent => Percent.Of(SatisfiedOrBetter, Answered);

    public static QuestionFigures Sum(SurveyQuestion question, IEnumerable<QuestionFigures> parts)
    {
        var byRating = new int[5];
        foreach (var part in parts)
        {
            for (var i = 0; i < 5; i++)
            {
                byRating[i] += part.ByRating[i];
            }
        }

        return new QuestionFigures(question, byRating);
    }
}

/// <summary>The questionnaires of one period (a quarter, or the year to date when <see cref="Quarter"/> is 0).</summary>
public sealed record SurveyPeriodFigures(int Quarter, int Questionnaires, IReadOnlyList<QuestionFigures> Questions, int FollowUps, int FollowUpsOpen)
{
    public QuestionFigures For(SurveyQuestion question) => Questions.Single(q => q.Question == question);

    public static SurveyPeriodFigures Sum(IReadOnlyList<SurveyPeriodFigures> periods) => new(
        0,
        periods.Sum(p => p.Questionnaires),
        SurveyScale.Questions.Select(q => QuestionFigures.Sum(q, periods.Select(p => p.For(q)))).ToList(),
        periods.Sum(p => p.FollowUps),
        periods.Sum(p => p.FollowUpsOpen));
}

public sealed record SurveyYearFigures(int RocYear, IReadOnlyList<SurveyPeriodFigures> Quarters)
{
    /// <summary>Quarters 1 … <paramref name="throughQuarter"/> added up (the report's 合計, 1~9 月 for the third quarter).</summary>
    public SurveyPeriodFigures ToDate(int throughQuarter) => SurveyPeriodFigures.Sum(Quarters.Where(q => q.Quarter <= throughQuarter).ToList());
}

/// <summary>Phone-courtesy checks of one period: how many, the average and the range of scores.</summary>
public sealed record SpotCheckPeriodFigures(int Checks, int ScoreSum, int? Lowest, int? Highest)
{
    public decimal? Average => Checks == 0 ? null : Math.Round((decimal)ScoreSum / Checks, 1, MidpointRounding.AwayFromZero);

    public static SpotCheckPeriodFigures Of(IEnumerable<int> scores)
    {
        var list = scores.ToList();
        return new SpotCheckPeriodFigures(list.Count, list.Sum(), list.Count == 0 ? null : list.Min(), list.Count == 0 ? null : list.Max());
    }

    public static SpotCheckPeriodFigures Sum(IEnumerable<SpotCheckPeriodFigures> parts)
    {
        var list = parts.Where(p => p.Checks > 0).ToList();
        return new SpotCheckPeriodFigures(list.Sum(p => p.Checks), list.Sum(p => p.ScoreSum), list.Count == 0 ? null : list.Min(p => p.Lowest), list.Count == 0 ? null : list.Max(p => p.Highest));
    }
}

/// <summary>A unit's average in a period, flagged when below the configured threshold.</summary>
public sealed record UnitSpotCheckFigures(int UnitId, string UnitName, SpotCheckPeriodFigures Figures, bool BelowThreshold);

public sealed record SpotCheckYearFigures(int RocYear, IReadOnlyList<SpotCheckPeriodFigures> Months, int Threshold, IReadOnlyList<(int Quarter, IReadOnlyList<UnitSpotCheckFigures> Units)> UnitsByQuarter)
{
    public SpotCheckPeriodFigures QuarterFigures(int quarter) => SpotCheckPeriodFigures.Sum(Months.Skip((quarter - 1) * 3).Take(3));

    public SpotCheckPeriodFigures ToDate(int throughQuarter) => SpotCheckPeriodFigures.Sum(Months.Take(throughQuarter * 3));
}

/// <summary>
/// The monthly phone-courtesy plan: one unit in three, <c>perMonth</c> units a month, drawn so that the three
/// months of a quarter together check every unit (a month takes the next slice of a per-quarter shuffled order,
/// wrapping round; with fewer than a third of the units a month that could not cover them, so a month then takes a third).
/// </summary>
public static class SpotCheckPlan
{
    public static int UnitsPerMonth(int unitCount, int configured) =>
        unitCount == 0 ? 0 : Math.Min(unitCount, Math.Max(Math.Max(configured, 1), (unitCount + 2) / 3));

    public static IReadOnlyList<int> Draw(int rocYear, int month, IReadOnlyList<int> unitIds, int configuredPerMonth)
    {
        var units = unitIds.Distinct().Order().ToList();
        var perMonth = UnitsPerMonth(units.Count, configuredPerMonth);
        if (perMonth == 0)
        {
            return [];
        }

        var quarter = (month - 1) / 3 + 1;
        var order = Shuffle(units, rocYear * 10 + quarter);
        var start = (month - 1) % 3 * perMonth;
        return Enumerable.Range(0, perMonth).Select(i => order[(start + i) % order.Count]).Order().ToList();
    }

    /// <summary>A deterministic shuffle: the same year and quarter give the same plan on every server and every day.</summary>
    private static List<int> Shuffle(List<int> units, int seed)
    {
        var list = units.ToList();
        var state = (uint)seed * 2654435761u + 1;
        for (var i = list.Count - 1; i > 0; i--)
        {
            state = state * 1664525u + 1013904223u;
            var j = (int)(state % (uint)(i + 1));
            (list[i], list[j]) = (list[j], list[i]);
        }

        return list;
    }
}
