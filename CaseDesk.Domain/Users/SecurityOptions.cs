using Microsoft.Extensions.Options;

namespace CaseDesk.Domain.Users;

/// <summary>Sign-in protection and sessions (section <c>Security</c> of appsettings.json).</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>Failed sign-ins in a row that lock an account.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a locked account stays locked (an Admin can unlock it sooner).</summary>
    public double LockoutMinutes { get; set; } = 15;

    /// <summary>Sign-in attempts (form posts) allowed per client address per minute.</summary>
    public int SignInAttemptsPerMinute { get; set; } = 30;

    /// <summary>Minutes without any keyboard or mouse use after which the session ends, in the page too.</summary>
    public double IdleTimeoutMinutes { get; set; } = 30;

    /// <summary>
    /// Largest HTTP request body accepted (sign-in and survey forms; files are uploaded through the circuit and have
    /// their own limit, Installments:MaxDocumentBytes). Larger requests get 413 before anything reads them.
    /// </summary>
    public int MaxRequestBodyKilobytes { get; set; } = 1024;

    /// <summary>Largest single value in a posted form; the longest text any form holds is 8,000 characters.</summary>
    public int MaxFormValueKilobytes { get; set; } = 64;

    /// <summary>
    /// Largest message a browser may send over its live connection (typed text arrives this way): room for the longest
    /// text field, so an over-long one reaches the server and is refused with its limit, and no more.
    /// </summary>
    public int MaxCircuitMessageKilobytes { get; set; } = 128;

    public TimeSpan IdleTimeout => TimeSpan.FromMinutes(IdleTimeoutMinutes);

    public TimeSpan Lockout => TimeSpan.FromMinutes(LockoutMinutes);
}

internal sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions o)
    {
        var problems = new List<string>();
        if (o.MaxFailedSignIns is < 1 or > 20)
        {
            problems.Add($"Security:MaxFailedSignIns 應為 1 到 20（目前為 {o.MaxFailedSignIns}）。");
        }

        if (o.LockoutMinutes is <= 0 or > 24 * 60)
        {
            problems.Add($"Security:LockoutMinutes 應大於 0、不超過 1440 分鐘（目前為 {o.LockoutMinutes}）。");
        }

        if (o.SignInAttemptsPerMinute is < 1 or > 100_000)
        {
            problems.Add($"Security:SignInAttemptsPerMinute 應為 1 到 100000（目前為 {o.SignInAttemptsPerMinute}）。");
        }

        if (o.IdleTimeoutMinutes is <= 0 or > 12 * 60)
        {
            problems.Add($"Security:IdleTimeoutMinutes 應大於 0、不超過 720 分鐘（目前為 {o.IdleTimeoutMinutes}）。");
        }

        if (o.MaxRequestBodyKilobytes is < 64 or > 100 * 1024)
        {
            problems.Add($"Security:MaxRequestBodyKilobytes 應為 64 到 102400（目前為 {o.MaxRequestBodyKilobytes}）。");
        }

        if (o.MaxFormValueKilobytes is < 32 or > 1024)
        {
            problems.Add($"Security:MaxFormValueKilobytes 應為 32 到 1024（目前為 {o.MaxFormValueKilobytes}）。");
        }

        if (o.MaxCircuitMessageKilobytes is < 64 or > 4096)
        {
            problems.Add($"Security:MaxCircuitMessageKilobytes 應為 64 到 4096（目前為 {o.MaxCircuitMessageKilobytes}）。");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
