using System.Threading.RateLimiting;
using ImageAI.Extensions.DependencyInjection;
using ImageAI.Onnx.Editing;
using ImageAI.Onnx.Models;
using ImageAI.Web.Api;
using ImageAI.Web.Jobs;
using ImageAI.Web.Operations;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ImageAI.Web;

/// <summary>Builds the web app. <c>Program</c> runs it; the API tests start it in-process on a loopback port.</summary>
public static class ImageAIWebApp
{
    /// <summary>The address used when none is configured: loopback only, so the sample is not exposed by accident.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Creates the app. <paramref name="configure"/> runs last, so tests can override settings and services.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(DefaultUrl);

        builder.Services.AddOptions<WebOptions>().BindConfiguration(WebOptions.Section)
            .Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        builder.Services.AddImageAI(); // one editor singleton: model sessions load once and are shared by the workers
        builder.Services.AddSingleton(sp => sp.GetRequiredService<OnnxImageEditor>().Models.Catalog);
        OperationRegistry.AddDefaultMappers(builder.Services);
        builder.Services.AddSingleton<OperationRegistry>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<JobStore>();
        builder.Services.AddSingleton<JobQueue>();
        builder.Services.AddSingleton<ClientJobLimiter>();
        builder.Services.AddSingleton<JobCleanupService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JobCleanupService>());
        builder.Services.AddHostedService<JobWorkers>();

        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "ImageAI web API";
            doc.Info.Description = "Upload an image, run an ImageAI operation as a background job, follow its progress and download the result.";
            return Task.CompletedTask;
        }));
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (ctx, ct) =>
            {
                ctx.HttpContext.Response.Headers.RetryAfter = "60";
                await Problems.Create(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many uploads",
                    "This client sent too many uploads in the last minute; wait a little.").ExecuteAsync(ctx.HttpContext);
            };
            o.AddPolicy(JobEndpoints.UploadPolicy, ctx =>
            {
                var perMinute = ctx.RequestServices.GetRequiredService<IOptions<WebOptions>>().Value.MaxUploadsPerMinute;
                return perMinute == 0
                    ? RateLimitPartition.GetNoLimiter("all")
                    : RateLimitPartition.GetFixedWindowLimiter(ClientIdentity.Of(ctx), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = perMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    });
            });
        });
        builder.Services.AddCors();

        configure?.Invoke(builder);

        // Kestrel's own cap, a little above the upload limit (the endpoint lowers it per request too).
        var maxUpload = builder.Configuration.GetSection(WebOptions.Section).GetValue<long?>(nameof(WebOptions.MaxUploadBytes)) ?? new WebOptions().MaxUploadBytes;
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = maxUpload + JobEndpoints.FormOverheadBytes);

        var app = builder.Build();
        var options = app.Services.GetRequiredService<IOptions<WebOptions>>().Value;
        Directory.CreateDirectory(options.StorageDirectory);

        app.UseExceptionHandler();
        app.UseStatusCodePages(); // empty 4xx/5xx answers (unknown route, wrong method) become problem+json too
        if (options.CorsOrigins.Length > 0)
            app.UseCors(p => p.WithOrigins(options.CorsOrigins).WithMethods("GET", "POST").WithHeaders("Content-Type", ApiKeyFilter.HeaderName)
                .WithExposedHeaders("Location", "Retry-After"));
        app.Use(async (ctx, next) =>
        {
            // The page uses no external resources: say so, so an injected script could not load any.
            ctx.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; connect-src 'self'";
            ctx.Response.Headers.XContentTypeOptions = "nosniff";
            await next();
        });
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseRateLimiter();
        app.MapOpenApi(); // /openapi/v1.json
        app.MapImageAIApi();
        return app;
    }
}
