using System.Net;
using CaseDesk.Tests.Support;
using CaseDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CaseDesk.Tests.Web;

/// <summary>Size limits on what a browser can send: HTTP bodies, form values and the live connection's messages.</summary>
public sealed class RequestLimitTests(CaseDeskAppFactory factory) : IClassFixture<CaseDeskAppFactory>
{
    [Fact]
    public async Task ABodyOverTheLimit_IsRefusedWith413_BeforeAnythingReadsIt()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var body = new ByteArrayContent(new byte[(1024 * 1024) + 1]);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");

        var response = await client.PostAsync("/Account/Login", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("上限 1,024 KB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single()); // still a CaseDesk answer, with its headers
    }

    [Fact]
    public async Task AFormValueOverTheLimit_DoesNotSignAnyoneIn()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var response = await HttpSignIn.PostLoginAsync(client, DemoAccounts.Clerk + new string('x', 70 * 1024), DemoAccounts.Password);

        Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("CaseDesk.Auth=", StringComparison.Ordinal)));
    }

    [Fact]
    public void TheLimits_AreConfigured_ForForms_AndTheLiveConnection()
    {
        var hub = Type.GetType("Microsoft.AspNetCore.Components.Server.ComponentHub, Microsoft.AspNetCore.Components.Server", throwOnError: true)!;
        var options = factory.Services.GetRequiredService(typeof(IOptions<>).MakeGenericType(typeof(HubOptions<>).MakeGenericType(hub)));
        var hubOptions = (HubOptions)options.GetType().GetProperty("Value")!.GetValue(options)!;
        var forms = factory.Services.GetRequiredService<IOptions<FormOptions>>().Value;

        Assert.Equal(128 * 1024, hubOptions.MaximumReceiveMessageSize);
        Assert.Equal(64 * 1024, forms.ValueLengthLimit);
        Assert.Equal(1024 * 1024, forms.MultipartBodyLengthLimit);
    }
}
