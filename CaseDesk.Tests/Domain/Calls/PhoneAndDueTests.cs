using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Calls;
using CaseDesk.Domain.Identity;
using CaseDesk.Tests.Support;

namespace CaseDesk.Tests.Domain.Calls;

public sealed class PhoneAndDueTests
{
    private static readonly WorkingCalendar Q1 = new(CalendarFileParser.Parse(Fixtures.Bytes("calendar/2024-q1.csv")).Value.Days.Select(d => (d.Date, d.IsHoliday, d.Description)));

    [Theory]
    [InlineData("0912345678", "0912-345-678", "0912345678")]
    [InlineData("0912-345-678", "0912-345-678", "0912345678")]
    [InlineData("+886 912 345 678", "0912-345-678", "0912345678")]
    [InlineData("886912345678", "0912-345-678", "0912345678")]
    [InlineData("０９１２３４５６７８", "0912-345-678", "0912345678")]
    [InlineData("(02)2345-6789", "02-2345-6789", "0223456789")]
    [InlineData("02 23456789 分機 123", "02-2345-6789#123", "0223456789")]
    [InlineData("03-4251234", "03-425-1234", "034251234")]
    [InlineData("037-123456", "037-123456", "037123456")]
    [InlineData("04-22345678", "04-2234-5678", "0422345678")]
    [InlineData("049-2234567", "049-223-4567", "0492234567")]
    [InlineData("07-1234567#5", "07-123-4567#5", "071234567")]
    [InlineData("089-123456", "089-123456", "089123456")]
    [InlineData("0836-12345", "0836-12345", "083612345")]
    [InlineData("0800-123-456", "0800-123-456", "0800123456")]
    public void Normalises_TaiwaneseNumbers(string input, string display, string digits)
    {
        Assert.True(PhoneNumber.TryParse(input, out var phone, out var error), error);
        Assert.Equal(display, phone.Display);
        Assert.Equal(digits, phone.Digits);
    }

    [Theory]
    [InlineData("091234567", "手機號碼應為 09 開頭的 10 位數字")]
    [InlineData("23456789", "市話請加上區碼")]
    [InlineData("02-2345-678", "區碼 02 後應有 8 位數字")]
    [InlineData("0912-abc-678", "只能有數字")]
    [InlineData("+1 415 555 1234", "只受理臺灣的電話號碼")]
    [InlineData("", "請填寫電話號碼")]
    public void Refuses_MalformedNumbers_WithAClearMessage(string input, string message)
    {
        Assert.False(PhoneNumber.TryParse(input, out _, out var error));
        Assert.Contains(message, error);
    }

    [Theory]
    [InlineData("0912-345-678", "0912-***-678")]
    [InlineData("02-2345-6789#12", "02-****-6789")]
    [InlineData("037-123456", "037-***456")]
    public void Masks_ForLists(string display, string masked) => Assert.Equal(masked, PhoneNumber.Mask(display));

    [Theory]
    // Friday night before a normal weekend: Monday noon.
    [InlineData("2024-01-05T21:15", "2024-01-08T12:00")]
    // Saturday morning: Monday noon.
    [InlineData("2024-01-06T10:05", "2024-01-08T12:00")]
    // Wednesday 2/7 evening before the Lunar New Year break (2/8–2/14): Thursday 2/15 noon.
    [InlineData("2024-02-07T18:00", "2024-02-15T12:00")]
    // Friday 2/16 night: the make-up Saturday 2/17 is a working day.
    [InlineData("2024-02-16T20:00", "2024-02-17T12:00")]
    // Early morning of a working day: that day's noon (handed over when the office opens).
    [InlineData("2024-01-09T06:30", "2024-01-09T12:00")]
    // 17:31 on a working day: the next working day.
    [InlineData("2024-01-09T17:31", "2024-01-10T12:00")]
    // An office-hours exception at 10:00: the next working day too.
    [InlineData("2024-01-09T10:00", "2024-01-10T12:00")]
    public void CallbackIsDue_ByNoonOfTheNextWorkingDay(string receivedTaipei, string dueTaipei)
    {
        var received = DateTime.Parse(receivedTaipei, System.Globalization.CultureInfo.InvariantCulture);
        var due = DateTime.Parse(dueTaipei, System.Globalization.CultureInfo.InvariantCulture);

        var dueUtc = CallService.CallbackDue(TaipeiTime.ToUtc(DateOnly.FromDateTime(received), TimeOnly.FromDateTime(received)), Q1, new TimeOnly(12, 0), out var dueOn);

        Assert.Equal(TaipeiTime.ToUtc(DateOnly.FromDateTime(due), TimeOnly.FromDateTime(due)), dueUtc);
        Assert.Equal(DateOnly.FromDateTime(due), dueOn);
    }

    [Theory]
    [InlineData("2024-01-09T17:29", true)]
    [InlineData("2024-01-09T17:31", false)]
    [InlineData("2024-01-09T08:29", false)]
    [InlineData("2024-02-12T10:00", false)]   // 春節 (Monday)
    [InlineData("2024-02-17T10:00", true)]    // make-up Saturday
    [InlineData("2024-02-24T10:00", false)]   // an ordinary Saturday
    public void OfficeHours_ComeFromTheHoursAndTheCalendar(string taipei, bool officeHours)
    {
        var t = DateTime.Parse(taipei, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(officeHours, Q1.IsOfficeHours(TaipeiTime.ToUtc(DateOnly.FromDateTime(t), TimeOnly.FromDateTime(t))));
    }
}
