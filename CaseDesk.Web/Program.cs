using CaseDesk.Domain.Data.Providers;
using CaseDesk.Web;
using CaseDesk.Web.Infrastructure;

try
{
    if (AdminCommands.IsCommand(args))
    {
        return await AdminCommands.RunAsync(args);
    }

    var builder = WebApplication.CreateBuilder(args);
    builder.AddCaseDeskWeb();

    var app = builder.Build();

    // Settings are checked before anything touches the database: a bad one stops here, with its message.
    app.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
    await app.InitializeCaseDeskAsync();
    app.UseCaseDeskPipeline();

    app.Lifetime.ApplicationStarted.Register(() =>
        app.Logger.LogInformation("CaseDesk 已啟動，請以瀏覽器開啟 Open CaseDesk at: {Urls}", string.Join(" ", app.Urls)));
    await app.RunAsync();
    return 0;
}
catch (Exception problem) when (problem is ConfigurationProblem or Microsoft.Extensions.Options.OptionsValidationException)
{
    // A setting that cannot work: one clear line for the operator, no stack trace, and no restart would help.
    await Console.Error.WriteLineAsync("CaseDesk 無法啟動：" + problem.Message);
    return 3;
}

/// <summary>Entry point; public so the test host (WebApplicationFactory) can find it.</summary>
public partial class Program;
