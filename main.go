// Command pulumi-resource-alicloud-eip runs the alicloud-eip component provider.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/eipkit/pulumi-alicloud-eip/provider"
)

func main() {
	p, err := provider.Provider()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := p.Run(context.Background(), provider.Name, provider.Version); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
