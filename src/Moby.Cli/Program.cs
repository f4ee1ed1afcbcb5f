Moby.Cli.LibTorchLocator.EnsureLoadable();
Moby.Nn.NativeHeap.ReuseFreedMemory(); // the command owns the process: tensors reuse freed memory (see NativeHeap)
// Output to a file or pipe is not wrapped at 80 columns (see Consoles); errors go to standard error (CliErrors.Errors).
Spectre.Console.AnsiConsole.Console = Moby.Cli.Display.Consoles.Create(Console.Out, Console.IsOutputRedirected);
return Moby.Cli.MobyApp.Run(args);
