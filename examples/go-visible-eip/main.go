// Command go-visible-eip is a Pulumi program: see package program.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/eipkit/pulumi-alicloud-eip/examples/go-visible-eip/program"
)

func main() {
	pulumi.Run(program.Program)
}
