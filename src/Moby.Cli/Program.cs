Moby.Cli.LibTorchLocator.EnsureLoadable();
return Moby.Cli.MobyApp.Run(args);
