package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/eipkit/pulumi-alicloud-eip/sdk/go/alicloudeip"
	"github.com/eipkit/pulumi-alicloud-eip/tests/harness"
	"github.com/eipkit/pulumi-alicloud-eip/tests/vm"
)

// vmProgram is the demo stack for a real guest: a MultiEipInstance that creates its instance,
// so the instance's user data carries the guest program, and a VisibleEip on that instance.
func vmProgram(ctx *pulumi.Context) error {
	site, err := harness.NewSite(ctx, "demo", harness.SiteArgs{VpcCidr: "192.168.0.0/16", SwitchCidr: "192.168.1.0/24"})
	if err != nil {
		return err
	}
	services, err := alicloudeip.NewMultiEipInstance(ctx, "services", &alicloudeip.MultiEipInstanceArgs{
		Instance: alicloudeip.MultiEipNewInstanceArgs{InstanceType: pulumi.String("ecs.c7.large"), ImageId: pulumi.String("debian_12"),
			VswitchId: site.Switch.ID(), SecurityGroupIds: pulumi.StringArray{site.SecurityGroup.ID()}},
		VswitchCidrBlock: pulumi.StringRef("192.168.1.0/24"),
		PrivateIpRange:   pulumi.StringRef("192.168.1.64/26"),
		Eips: alicloudeip.MultiEipEntryArray{
			alicloudeip.MultiEipEntryArgs{Name: pulumi.String("web")},
			alicloudeip.MultiEipEntryArgs{Name: pulumi.String("mail")},
			alicloudeip.MultiEipEntryArgs{Name: pulumi.String("api")},
		},
	})
	if err != nil {
		return err
	}
	ftp, err := alicloudeip.NewVisibleEip(ctx, "ftp", &alicloudeip.VisibleEipArgs{
		InstanceId: services.InstanceId, InstanceType: pulumi.String("ecs.c7.large"), VpcId: site.Vpc.ID(),
		ZoneId: pulumi.String(site.Zone), SecurityGroupIds: pulumi.StringArray{site.SecurityGroup.ID()},
	})
	if err != nil {
		return err
	}
	ctx.Export("instanceId", services.InstanceId)
	ctx.Export("eips", services.Eips)
	ctx.Export("ftp", ftp.EipAddress)
	return nil
}

// runVM deploys vmProgram, boots its instance as a VM on the emulated cloud's twin (QEMU, the
// instance's user data as its cloud-init seed), starts a small web service in the guest and
// asks it for a page through every EIP from the twin's internet.
func runVM(ctx context.Context, out io.Writer) error {
	step := func(format string, args ...any) { fmt.Fprintf(out, "==> "+format+"\n", args...) }
	begin := time.Now()
	step("building the provider and the emulator")
	tools, err := harness.EnsureTools(ctx, os.Stderr)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "eipkit-demo-vm-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	stack, err := harness.NewStack(ctx, tools, harness.StackOptions{Dir: dir, Project: "eipkit-demo", Stack: "vm", Program: vmProgram})
	if err != nil {
		return err
	}
	step("pulumi up: a MultiEipInstance creating its instance with three EIPs, and a VisibleEip on it")
	up, err := stack.Up(ctx, optup.ProgressStreams(indent(out)))
	if err != nil {
		return fmt.Errorf("up: %w\n%s", err, up.StdErr)
	}
	defer func() {
		step("pulumi destroy")
		_, _ = stack.Destroy(context.Background(), optdestroy.ProgressStreams(io.Discard))
	}()
	vmDir, err := os.MkdirTemp("", "eipkit-demo-guest-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(vmDir)
	step("booting the instance as a VM (Debian 12, cloud-init with the instance's user data); %s", vm.Accel())
	start := time.Now()
	inst, err := vm.StartInstance(ctx, vm.InstanceOptions{Dir: vmDir, StatePath: stack.StatePath,
		InstanceID: up.Outputs["instanceId"].Value.(string)})
	if err != nil {
		return err
	}
	defer inst.Close()
	bootCtx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	status, err := inst.WaitBoot(bootCtx)
	cancel()
	if err != nil {
		return fmt.Errorf("boot: %w\n%s", err, inst.Diagnose())
	}
	step("booted in %s (cloud-init: %s); starting a web service on port %d in the guest", time.Since(start).Round(time.Second),
		status, vm.EchoPort)
	if err := inst.InstallEchoService(); err != nil {
		return err
	}
	type row struct{ name, public, private string }
	var rows []row
	for _, e := range up.Outputs["eips"].Value.([]any) {
		m := e.(map[string]any)
		rows = append(rows, row{fmt.Sprint(m["name"]), fmt.Sprint(m["publicIp"]), fmt.Sprint(m["privateIp"])})
	}
	ftp := fmt.Sprint(up.Outputs["ftp"].Value)
	rows = append(rows, row{"ftp (VisibleEip)", ftp, ftp + " (on the guest's interface)"})
	step("asking for a page through every EIP from %s on the twin's internet", vm.RemoteIP)
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "\nEIP\tPUBLIC IP\tPRIVATE IP\tANSWER (first line: the caller the guest saw)\tAFTER")
	for _, r := range rows {
		answer, took := fetch(inst, r.public, 3*time.Minute)
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", r.name, r.public, r.private, answer, took.Round(time.Second))
	}
	_ = w.Flush()
	step("done in %s", time.Since(begin).Round(time.Second))
	return nil
}

// fetch asks the guest's web service for a page through a public address from the remote host
// until it answers, and returns the answer's first line and how long that took.
func fetch(inst *vm.Instance, public string, wait time.Duration) (string, time.Duration) {
	start := time.Now()
	url := fmt.Sprintf("http://%s:%d/", public, vm.EchoPort)
	for {
		res, err := inst.Twin.RemoteRun("curl", "-sS", "--max-time", "5", url)
		if err == nil {
			first, _, _ := strings.Cut(res, "\n")
			return fmt.Sprintf("%q (%d bytes)", first, len(res)), time.Since(start)
		}
		if time.Since(start) > wait {
			return "no answer: " + strings.TrimSpace(res), time.Since(start)
		}
		time.Sleep(2 * time.Second)
	}
}
