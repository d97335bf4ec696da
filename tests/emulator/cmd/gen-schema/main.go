// Command gen-schema writes the emulator's schema.json: the tokens, properties and types of
// every resource and function the emulator answers, read from the declarations of the
// published @pulumi/alicloud package that `make deps` installs.
//
//	go run ./tests/emulator/cmd/gen-schema <node_modules/@pulumi/alicloud> <schema.json>
package main

import (
	"fmt"
	"os"

	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator"
	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator/tsdecl"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: gen-schema <node_modules/@pulumi/alicloud> <schema.json>")
		os.Exit(2)
	}
	resources, functions := emulator.Tokens()
	data, err := tsdecl.Build(os.Args[1], emulator.PluginVersion, resources, functions)
	if err == nil {
		err = os.WriteFile(os.Args[2], data, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen-schema:", err)
		os.Exit(1)
	}
}
