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

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
