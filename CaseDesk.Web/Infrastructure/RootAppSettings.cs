using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace CaseDesk.Web.Infrastructure;

/// <summary>
/// The operator's appsettings.json lives at the repository root and is copied next to the program by
/// the build; <c>dotnet run</c> starts with the project folder as content root, where it is not. This
/// points the standard appsettings sources at the program folder when the content root lacks them,
/// keeping their place in the precedence order (environment variables and arguments still win).
/// </summary>
internal static class RootAppSettings
{
    public static void UseProgramFolderAppSettings(this WebApplicationBuilder builder)
    {
        IList<IConfigurationSource> sources = ((IConfigurationBuilder)builder.Configuration).Sources;
        var contentRoot = builder.Environment.ContentRootPath;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource { Path: { } path } json
                && path.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase)
                && !File.Exists(Path.Combine(contentRoot, path))
                && File.Exists(Path.Combine(AppContext.BaseDirectory, path)))
            {
                sources[i] = new JsonConfigurationSource
                {
                    Path = path,
                    Optional = json.Optional,
                    ReloadOnChange = json.ReloadOnChange,
                    FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
                };
            }
        }
    }
}
