using System.CommandLine;
using ImageAI.Onnx.Models;
using Spectre.Console;

namespace ImageAI.Cli.Commands;

/// <summary><c>models list</c> and <c>models fetch ID</c>.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var list = new Command("list", "Show the model catalog: id, task, size, licence, commercial use, cached.");
        list.SetAction(parse =>
        {
            var store = new ModelStore(ModelCatalog.Default, CliContext.EditorOptions(parse).Models);
            string[] columns = ["id", "task", "size", "licence", "commercial", "cached"];
            var rows = store.Catalog.Models.Select(m => new[]
            {
                m.Id, m.Task, m.Size > 0 ? $"{m.Size / 1e6:F1} MB" : "-", m.Licence, m.CommercialUse ? "yes" : "no",
                store.IsCached(m) ? "yes" : m.Sources.Count == 0 ? "user-supplied" : "no",
            }).ToList();
            if (Console.IsOutputRedirected)
            {
                // Piped or captured: tab-separated lines, easy to grep and never wrapped.
                foreach (var row in rows.Prepend(columns)) Console.WriteLine(string.Join('\t', row));
                return 0;
            }
            var table = new Table().AddColumns(columns);
            foreach (var row in rows) table.AddRow(row.Select(Markup.Escape).ToArray());
            AnsiConsole.Write(table);
            return 0;
        });

        var id = new Argument<string[]>("ids") { Description = "Model ids (see 'models list'); 'all' fetches every model with a source.", Arity = ArgumentArity.OneOrMore };
        var fetch = new Command("fetch", "Download and verify models into the cache.") { id };
        fetch.SetAction((parse, ct) => CliContext.RunAsync(async () =>
        {
            var store = new ModelStore(ModelCatalog.Default, CliContext.EditorOptions(parse).Models);
            var ids = parse.GetValue(id)!;
            var entries = ids.Length == 1 && ids[0] == "all"
                ? store.Catalog.Models.Where(m => m.Sources.Count > 0).ToList()
                : ids.Select(store.Catalog.Get).ToList();
            foreach (var entry in entries)
            {
                ResolvedModel? resolved = null;
                await AnsiConsole.Progress().AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn())
                    .StartAsync(async ctx =>
                    {
                        var task = ctx.AddTask($"fetch {Markup.Escape(entry.Id)}", maxValue: Math.Max(1, entry.Size));
                        resolved = await store.ResolveAsync(entry, CliContext.DownloadProgress(task), ct);
                        task.Value = task.MaxValue;
                    });
                Console.WriteLine($"{entry.Id}: {resolved!.Path} (sha256 {entry.Sha256?[..12]}... verified)");
            }
            return 0;
        }));

        return new Command("models", "List and fetch models.") { list, fetch };
    }
}
