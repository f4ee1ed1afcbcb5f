return Moby.Cli.MobyApp.Run(args);
