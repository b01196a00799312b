namespace CaseDesk.Domain.Calendar;

/// <summary>Office hours in Asia/Taipei; bound from the "Office" section of appsettings.json.</summary>
public sealed class OfficeHoursOptions
{
    public const string SectionName = "Office";

    public TimeOnly OpensAt { get; set; } = new(8, 30);

    public TimeOnly ClosesAt { get; set; } = new(17, 30);

    public TimeOnly LunchStartsAt { get; set; } = new(12, 30);

    public TimeOnly LunchEndsAt { get; set; } = new(13, 30);
}
