package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/eipkit/pulumi-alicloud-eip/sdk/go/alicloudeip"
	"github.com/eipkit/pulumi-alicloud-eip/tests/harness"
)

// siteArgs are the surroundings of every measured stack: an instance type with room for 32 EIPs.
var siteArgs = harness.SiteArgs{VpcCidr: "192.168.0.0/16", SwitchCidr: "192.168.1.0/24", InstanceType: "ecs.g6.4xlarge"}

// multiProgram is a stack with a MultiEipInstance of n EIPs on an existing instance.
func multiProgram(n int) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		site, err := harness.NewSite(ctx, "bench", siteArgs)
		if err != nil {
			return err
		}
		_, err = alicloudeip.NewMultiEipInstance(ctx, "svc", &alicloudeip.MultiEipInstanceArgs{
			InstanceId: site.Instance().ID(), InstanceType: pulumi.StringRef(siteArgs.InstanceType),
			ZoneId: pulumi.String(site.Zone), VswitchId: site.Switch.ID(),
			VswitchCidrBlock: pulumi.StringRef(siteArgs.SwitchCidr), PrivateIpRange: pulumi.StringRef("192.168.1.128/25"),
			SecurityGroupIds: pulumi.StringArray{site.SecurityGroup.ID()}, EipCount: pulumi.IntRef(n),
		})
		return err
	}
}

// stackArgs are the surroundings of the stack of many instances: a /20 vSwitch, the instances at
// its start (the emulator gives the lowest free addresses), each component's range at its end.
var stackArgs = harness.SiteArgs{VpcCidr: "192.168.0.0/16", SwitchCidr: "192.168.16.0/20", InstanceType: "ecs.g6.4xlarge"}

// stackProgram is a stack of instances MultiEipInstances with eips EIPs each, one per existing
// instance, each in its own /26 of the vSwitch.
func stackProgram(instances, eips int) pulumi.RunFunc {
	site := stackArgs
	site.Instances = instances
	return func(ctx *pulumi.Context) error {
		st, err := harness.NewSite(ctx, "bench", site)
		if err != nil {
			return err
		}
		for i, inst := range st.Instances {
			rng := fmt.Sprintf("192.168.%d.%d/26", 24+i/4, 64*(i%4))
			_, err := alicloudeip.NewMultiEipInstance(ctx, fmt.Sprintf("svc%02d", i), &alicloudeip.MultiEipInstanceArgs{
				InstanceId: inst.ID(), InstanceType: pulumi.StringRef(site.InstanceType),
				ZoneId: pulumi.String(st.Zone), VswitchId: st.Switch.ID(),
				VswitchCidrBlock: pulumi.StringRef(site.SwitchCidr), PrivateIpRange: pulumi.StringRef(rng),
				SecurityGroupIds: pulumi.StringArray{st.SecurityGroup.ID()}, EipCount: pulumi.IntRef(eips),
			})
			if err != nil {
				return err
			}
		}
		return nil
	}
}

// visibleProgram is a stack with one VisibleEip.
func visibleProgram(ctx *pulumi.Context) error {
	site, err := harness.NewSite(ctx, "bench", siteArgs)
	if err != nil {
		return err
	}
	_, err = alicloudeip.NewVisibleEip(ctx, "ftp", &alicloudeip.VisibleEipArgs{
		InstanceId: site.Instance().ID(), VpcId: site.Vpc.ID(), ZoneId: pulumi.String(site.Zone),
		SecurityGroupIds: pulumi.StringArray{site.SecurityGroup.ID()},
	})
	return err
}

// exported is a resource of a stack export, reduced to what a replay needs.
type exported struct {
	URN, Type, ID string
	Custom        bool
	Inputs        map[string]any
	Dependencies  []string
}

// export reads the stack's resources from `pulumi stack export`.
func export(ctx context.Context, s *harness.Stack) ([]exported, error) {
	dep, err := s.Export(ctx)
	if err != nil {
		return nil, err
	}
	var d apitype.DeploymentV3
	if err := json.Unmarshal(dep.Deployment, &d); err != nil {
		return nil, err
	}
	var out []exported
	for _, r := range d.Resources {
		if strings.HasPrefix(string(r.Type), "pulumi:") {
			continue
		}
		deps := make([]string, 0, len(r.Dependencies))
		for _, u := range r.Dependencies {
			deps = append(deps, string(u))
		}
		out = append(out, exported{URN: string(r.URN), Type: string(r.Type), ID: string(r.ID), Custom: r.Custom,
			Inputs: r.Inputs, Dependencies: deps})
	}
	return out, nil
}

// planDepth is the longest chain of custom resources that must wait for one another: the
// dependencies recorded in the stack (engine events carry none).
func planDepth(resources []exported) int {
	byURN := map[string]exported{}
	for _, r := range resources {
		byURN[r.URN] = r
	}
	memo := map[string]int{}
	var depth func(urn string) int
	depth = func(urn string) int {
		if d, ok := memo[urn]; ok {
			return d
		}
		memo[urn] = 0
		r := byURN[urn]
		best := 0
		for _, d := range r.Dependencies {
			best = max(best, depth(d))
		}
		if r.Custom {
			best++
		}
		memo[urn] = best
		return best
	}
	deepest := 0
	for _, r := range resources {
		deepest = max(deepest, depth(r.URN))
	}
	return deepest
}

// replayProgram registers the custom resources of an earlier stack directly, with the same
// types, names and inputs, references to earlier IDs rewired to the new resources: the same
// cloud work without the component, and without its AddressAllocation (a program written by
// hand states its addresses).
func replayProgram(resources []exported) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		ids := map[string]pulumi.IDOutput{}
		registered := map[string]pulumi.Resource{}
		byURN := map[string]exported{}
		for _, r := range resources {
			byURN[r.URN] = r
		}
		var register func(urn string) error
		done := map[string]bool{}
		register = func(urn string) error {
			r := byURN[urn]
			if done[urn] || !r.Custom || strings.HasPrefix(r.Type, "alicloud-eip:") {
				return nil
			}
			done[urn] = true
			var deps []pulumi.Resource
			for _, d := range r.Dependencies {
				if err := register(d); err != nil {
					return err
				}
				if res, ok := registered[d]; ok {
					deps = append(deps, res)
				}
			}
			props := pulumi.Map{}
			for k, v := range r.Inputs {
				props[k] = rewire(v, ids)
			}
			name := urn[strings.LastIndex(urn, "::")+2:]
			var res pulumi.CustomResourceState
			if err := ctx.RegisterResource(r.Type, name, props, &res, pulumi.Version(harness.AlicloudVersion),
				pulumi.DependsOn(deps)); err != nil {
				return err
			}
			ids[r.ID] = res.ID()
			registered[urn] = &res
			return nil
		}
		urns := make([]string, 0, len(resources))
		for _, r := range resources {
			urns = append(urns, r.URN)
		}
		sort.Strings(urns)
		for _, u := range urns {
			if err := register(u); err != nil {
				return err
			}
		}
		return nil
	}
}

// rewire replaces earlier resource IDs in an input value with the new resources' IDs.
func rewire(v any, ids map[string]pulumi.IDOutput) pulumi.Input {
	switch x := v.(type) {
	case string:
		if id, ok := ids[x]; ok {
			return id.ToStringOutput()
		}
		return pulumi.String(x)
	case []any:
		arr := pulumi.Array{}
		for _, e := range x {
			arr = append(arr, rewire(e, ids))
		}
		return arr
	case map[string]any:
		m := pulumi.Map{}
		for k, e := range x {
			m[k] = rewire(e, ids)
		}
		return m
	case bool:
		return pulumi.Bool(x)
	case float64:
		return pulumi.Float64(x)
	}
	return pulumi.Any(v)
}

// timed runs a preview and an up of program on a fresh stack and destroys it afterwards.
func timed(b *testing.B, tools *harness.Tools, program pulumi.RunFunc) (preview, up time.Duration, resources []exported) {
	ctx := context.Background()
	s, err := harness.NewStack(ctx, tools, harness.StackOptions{Dir: b.TempDir(), Project: "eipkit-bench", Program: program})
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if _, err := s.Preview(ctx, optpreview.ProgressStreams(io.Discard)); err != nil {
		b.Fatalf("preview: %v", err)
	}
	preview = time.Since(start)
	start = time.Now()
	if run, err := s.Up(ctx, optup.ProgressStreams(io.Discard)); err != nil {
		b.Fatalf("up: %v\n%s", err, run.StdErr)
	}
	up = time.Since(start)
	if resources, err = export(ctx, s); err != nil {
		b.Fatal(err)
	}
	if _, err := s.Destroy(ctx, optdestroy.ProgressStreams(io.Discard)); err != nil {
		b.Fatalf("destroy: %v", err)
	}
	return preview, up, resources
}

// BenchmarkEngine measures `pulumi preview` and `pulumi up` through the engine and the emulator
// for a MultiEipInstance of 1, 8 and 32 EIPs and for a stack of 20 MultiEipInstances of 20 EIPs,
// against an inline program that registers the same alicloud resources directly, and the depth
// of each plan. Run it with -benchtime=1x.
func BenchmarkEngine(b *testing.B) {
	tools, err := harness.EnsureTools(context.Background(), nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{1, 8, 32} {
		b.Run(fmt.Sprintf("MultiEipInstance/eips=%d", n), func(b *testing.B) {
			for b.Loop() {
				cp, cu, resources := timed(b, tools, multiProgram(n))
				dp, du, direct := timed(b, tools, replayProgram(resources))
				reportAgainstDirect(b, cp, cu, dp, du)
				b.ReportMetric(float64(planDepth(resources)), "plan-depth")
				b.ReportMetric(float64(planDepth(direct)), "direct-plan-depth")
			}
		})
	}
	b.Run("Stack/instances=20/eips=20", func(b *testing.B) {
		for b.Loop() {
			cp, cu, resources := timed(b, tools, stackProgram(20, 20))
			dp, du, _ := timed(b, tools, replayProgram(resources))
			b.ReportMetric(float64(len(resources)), "resources")
			reportAgainstDirect(b, cp, cu, dp, du)
		}
	})
	b.Run("VisibleEip", func(b *testing.B) {
		for b.Loop() {
			cp, cu, resources := timed(b, tools, visibleProgram)
			b.ReportMetric(float64(cp.Milliseconds()), "preview-ms")
			b.ReportMetric(float64(cu.Milliseconds()), "up-ms")
			b.ReportMetric(float64(planDepth(resources)), "plan-depth")
		}
	})
}

// reportAgainstDirect reports the component program's preview and up (cp, cu) and the direct
// program's (dp, du), and the ratios of the two.
func reportAgainstDirect(b *testing.B, cp, cu, dp, du time.Duration) {
	b.ReportMetric(float64(cp.Milliseconds()), "preview-ms")
	b.ReportMetric(float64(cu.Milliseconds()), "up-ms")
	b.ReportMetric(float64(dp.Milliseconds()), "direct-preview-ms")
	b.ReportMetric(float64(du.Milliseconds()), "direct-up-ms")
	b.ReportMetric(float64(cp)/float64(dp), "preview-ratio")
	b.ReportMetric(float64(cu)/float64(du), "up-ratio")
}
