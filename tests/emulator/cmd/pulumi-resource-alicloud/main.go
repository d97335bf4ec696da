// Command pulumi-resource-alicloud runs the eipkit Alibaba Cloud emulator as
// a Pulumi resource provider plugin. Put it first on PATH in tests so that
// the Pulumi engine uses it instead of the real alicloud provider.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator"
)

func main() {
	prov := emulator.New(emulator.OptionsFromEnv())
	if err := prov.Run(context.Background(), "alicloud", emulator.PluginVersion); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-resource-alicloud (emulator): %v\n", err)
		os.Exit(1)
	}
}
