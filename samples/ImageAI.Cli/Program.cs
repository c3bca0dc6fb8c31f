using System.CommandLine;
using ImageAI.Cli.Commands;

var root = new RootCommand("imageai: AI image editing on ONNX Runtime (background removal, upscaling, faces, watermarks, diffusion).");
foreach (var option in CliContext.GlobalOptions) root.Options.Add(option);
root.Subcommands.Add(RemoveBackgroundCommand.Create());
root.Subcommands.Add(ReplaceBackgroundCommand.Create());
root.Subcommands.Add(RemoveWatermarkCommand.Create());
root.Subcommands.Add(ModelsCommand.Create());
root.Subcommands.Add(EnhanceFacesCommand.Create());
root.Subcommands.Add(DetectFacesCommand.Create());
root.Subcommands.Add(GenerateCommand.Create());
root.Subcommands.Add(EditCommand.Create());
root.Subcommands.Add(UpscaleCommand.Create());
return await root.Parse(args).InvokeAsync();
