// Command demo runs a demo stack through the real Pulumi engine against the local Alibaba Cloud
// emulator: a VPC and an instance, a VisibleEip, and a MultiEipInstance with three named EIPs.
// It prints what was built and the guest snippet, then destroys the stack. `make demo` runs it.
// With -vm (`make demo-vm`) the instance boots as a real Linux guest on the emulated cloud's twin,
// and the demo prints, per EIP, the answer of the guest's web service through it.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/eipkit/pulumi-alicloud-eip/sdk/go/alicloudeip"
	"github.com/eipkit/pulumi-alicloud-eip/tests/harness"
)

func main() {
	withVM := flag.Bool("vm", false, "boot the instance as a VM on the emulated cloud's twin and ask it for a page through every EIP")
	flag.Parse()
	do := run
	if *withVM {
		do = runVM
	}
	if err := do(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

// program is the demo stack: the surroundings, then the two components.
func program(ctx *pulumi.Context) error {
	site, err := harness.NewSite(ctx, "demo", harness.SiteArgs{
		VpcCidr: "192.168.0.0/16", SwitchCidr: "192.168.1.0/24", InstanceType: "ecs.g6.4xlarge",
	})
	if err != nil {
		return err
	}
	vm := site.Instance()
	ftp, err := alicloudeip.NewVisibleEip(ctx, "ftp", &alicloudeip.VisibleEipArgs{
		InstanceId:       vm.ID(),
		InstanceType:     pulumi.String("ecs.g6.4xlarge"),
		VpcId:            site.Vpc.ID(),
		ZoneId:           pulumi.String(site.Zone),
		SecurityGroupIds: pulumi.StringArray{site.SecurityGroup.ID()},
		Bandwidth:        pulumi.String("5"),
	})
	if err != nil {
		return err
	}
	services, err := alicloudeip.NewMultiEipInstance(ctx, "services", &alicloudeip.MultiEipInstanceArgs{
		InstanceId:       vm.ID(),
		InstanceType:     pulumi.StringRef("ecs.g6.4xlarge"),
		VpcId:            site.Vpc.ID(),
		ZoneId:           pulumi.String(site.Zone),
		VswitchId:        site.Switch.ID(),
		VswitchCidrBlock: pulumi.StringRef("192.168.1.0/24"),
		PrivateIpRange:   pulumi.StringRef("192.168.1.64/26"),
		SecurityGroupIds: pulumi.StringArray{site.SecurityGroup.ID()},
		Eips: alicloudeip.MultiEipEntryArray{
			alicloudeip.MultiEipEntryArgs{Name: pulumi.String("web"), Bandwidth: pulumi.String("10")},
			alicloudeip.MultiEipEntryArgs{Name: pulumi.String("mail")},
			alicloudeip.MultiEipEntryArgs{Name: pulumi.String("api")},
		},
	})
	if err != nil {
		return err
	}
	ctx.Export("ftp", pulumi.ToMap(map[string]any{
		"eipAddress": ftp.EipAddress, "allocationId": ftp.AllocationId, "networkInterfaceId": ftp.NetworkInterfaceId,
		"macAddress": ftp.MacAddress, "routeTable": ftp.RouteTable, "vswitchCidrBlock": ftp.VswitchCidrBlock,
	}))
	ctx.Export("eips", services.Eips)
	ctx.Export("networkInterfaces", services.NetworkInterfaces)
	ctx.Export("cloudConfig", services.CloudConfig)
	return nil
}

func run(ctx context.Context, out io.Writer) error {
	if os.Getenv("ALICLOUD_ACCESS_KEY") != "" && os.Getenv("ALICLOUD_SECRET_KEY") != "" && os.Getenv("ALICLOUD_REGION") != "" {
		fmt.Fprintf(out, "Alibaba Cloud credentials are set. This demo still runs against the local emulator.\n"+
			"To run the same components against region %s, use one of the examples: examples/ts-multi-eip or\n"+
			"examples/python-multi-eip (`pulumi stack init dev && pulumi up` in that folder, with the alicloud\n"+
			"provider plugin 3.108.0 installed); they build a VPC, an instance and the components for real, and cost money.\n\n",
			os.Getenv("ALICLOUD_REGION"))
	}
	step := func(format string, args ...any) { fmt.Fprintf(out, "==> "+format+"\n", args...) }
	begin := time.Now()
	cli := harness.PathCLI(ctx)
	printPlan(out, cli)
	what := "the provider and the emulator"
	if cli == "" && !pinnedCLIExists() {
		what += " and the pinned Pulumi CLI"
	}
	step("building %s", what)
	start := time.Now()
	tools, err := harness.EnsureToolsWith(ctx, os.Stderr, cli)
	if err != nil {
		return err
	}
	step("built in %s; Pulumi CLI %s", time.Since(start).Round(time.Second), tools.CLI)
	dir, err := os.MkdirTemp("", "eipkit-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	stack, err := harness.NewStack(ctx, tools, harness.StackOptions{Dir: dir, Project: "eipkit-demo", Stack: "demo", Program: program})
	if err != nil {
		return err
	}
	start = time.Now()
	step("pulumi up (the real engine, our provider binary, the emulated cloud)")
	up, err := stack.Up(ctx, optup.ProgressStreams(indent(out)))
	if err != nil {
		return fmt.Errorf("up: %w\n%s", err, up.StdErr)
	}
	step("up finished in %s", time.Since(start).Round(time.Millisecond))
	printTable(out, up.Outputs["ftp"].Value, up.Outputs["eips"].Value, up.Outputs["networkInterfaces"].Value)
	fmt.Fprintf(out, "\ncloud-init snippet (user data of the instance; the same for every set of EIPs):\n\n%s\n",
		up.Outputs["cloudConfig"].Value)
	step("pulumi destroy")
	start = time.Now()
	if _, err := stack.Destroy(ctx, optdestroy.ProgressStreams(io.Discard)); err != nil {
		return fmt.Errorf("destroy: %w", err)
	}
	step("destroy finished in %s", time.Since(start).Round(time.Millisecond))
	cloud, err := stack.Cloud()
	if err != nil {
		return err
	}
	step("done in %s: %d resources left in the emulated cloud", time.Since(begin).Round(time.Second), len(cloud.Resources))
	return nil
}

// pinnedCLIExists reports whether the pinned CLI is already built in the repository's cache.
func pinnedCLIExists() bool {
	root, err := harness.RepoRoot()
	if err != nil {
		return false
	}
	_, err = os.Stat(filepath.Join(root, ".cache", "pulumi", "bin", "pulumi"))
	return err == nil
}

// printPlan says what the demo will do and how long each step takes on a 2-core machine.
func printPlan(out io.Writer, cli string) {
	cliStep := "the pinned Pulumi CLI v" + harness.PulumiVersion + " is built: nothing to do"
	switch {
	case cli != "":
		cliStep = "the Pulumi CLI on PATH (" + cli + ") is v" + harness.PulumiVersion + " or newer: nothing to build"
	case !pinnedCLIExists():
		cliStep = "no Pulumi CLI v" + harness.PulumiVersion + " or newer on PATH: building the pinned one from its Go module, " +
			"about 10 minutes, once (put a recent `pulumi` on PATH to skip this)"
	}
	fmt.Fprintf(out, `The demo, step by step (times on a 2-core machine):
  1. Pulumi CLI: %s
  2. provider and emulator: go build, about a minute with a cold Go build cache, seconds after
  3. pulumi up: a VPC, a vSwitch, a security group, an instance, a VisibleEip and a MultiEipInstance
     with three EIPs, about 5 seconds
  4. pulumi destroy: about 5 seconds

`, cliStep)
}

// printTable prints one row per EIP: where it lives and how the guest routes it.
func printTable(out io.Writer, ftp, eips, nics any) {
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "\nEIP\tPUBLIC IP\tALLOCATION ID\tENI\tPRIVATE IP\tDEVICE (MAC)\tROUTE TABLE")
	f := ftp.(map[string]any)
	fmt.Fprintf(w, "ftp (VisibleEip)\t%v\t%v\t%v\t%v (visible)\t%v\t%v\n", f["eipAddress"], f["allocationId"],
		f["networkInterfaceId"], f["eipAddress"], f["macAddress"], f["routeTable"])
	byID := map[string]map[string]any{}
	for _, n := range nics.([]any) {
		nic := n.(map[string]any)
		byID[fmt.Sprint(nic["id"])] = nic
	}
	rows := eips.([]any)
	sort.Slice(rows, func(i, j int) bool {
		return fmt.Sprint(rows[i].(map[string]any)["name"]) < fmt.Sprint(rows[j].(map[string]any)["name"])
	})
	for _, e := range rows {
		eip := e.(map[string]any)
		nic := byID[fmt.Sprint(eip["networkInterfaceId"])]
		fmt.Fprintf(w, "%v\t%v\t%v\t%v\t%v\t%v\t%v\n", eip["name"], eip["publicIp"], eip["allocationId"],
			eip["networkInterfaceId"], eip["privateIp"], nic["mac"], nic["routeTable"])
	}
	_ = w.Flush()
}

// indent prefixes the engine's progress lines so the demo's own lines stand out.
func indent(out io.Writer) io.Writer {
	r, w := io.Pipe()
	go func() {
		buf := make([]byte, 4096)
		atLineStart := true
		for {
			n, err := r.Read(buf)
			for _, b := range buf[:n] {
				if atLineStart {
					_, _ = io.WriteString(out, "    ")
				}
				_, _ = out.Write([]byte{b})
				atLineStart = b == '\n'
			}
			if err != nil {
				return
			}
		}
	}()
	return w
}
