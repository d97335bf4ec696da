package e2e

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eipkit/pulumi-alicloud-eip/sdk/go/alicloudeip"
	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator"
	"github.com/eipkit/pulumi-alicloud-eip/tests/harness"
)

// testImage is the image of the instances the tests create.
const testImage = "aliyun_3_x64_20G_alibase_20240819.vhd"

// entries builds EIP entries from names.
func entries(names ...string) alicloudeip.MultiEipEntryArray {
	out := alicloudeip.MultiEipEntryArray{}
	for _, n := range names {
		out = append(out, alicloudeip.MultiEipEntryArgs{Name: pulumi.String(n)})
	}
	return out
}

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }

// multiProgram builds the site and one MultiEipInstance named "svc" whose
// arguments edit fills in. With an instance in the site, the component uses
// it (instanceId, VPC, zone, vSwitch, security group, its type and the
// private range 192.168.1.128/26 are set); without, edit must describe the
// instance to create. The vSwitch's block is always given: its ID is not
// known at preview.
func multiProgram(site harness.SiteArgs, edit func(*harness.Site, *alicloudeip.MultiEipInstanceArgs),
	opts ...pulumi.ResourceOption) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		s, err := harness.NewSite(ctx, "site", site)
		if err != nil {
			return err
		}
		args := &alicloudeip.MultiEipInstanceArgs{PrivateIpRange: ptr("192.168.1.128/26"), VswitchCidrBlock: ptr(s.SwitchCidr)}
		if inst := s.Instance(); inst != nil {
			args.InstanceId, args.VpcId, args.ZoneId = inst.ID(), s.Vpc.ID(), pulumi.String(s.Zone)
			args.VswitchId, args.SecurityGroupIds = s.Switch.ID(), pulumi.StringArray{s.SecurityGroup.ID()}
			args.InstanceType = ptr(site.InstanceType)
		}
		if edit != nil {
			edit(s, args)
		}
		m, err := alicloudeip.NewMultiEipInstance(ctx, "svc", args, opts...)
		if err != nil {
			return err
		}
		ctx.Export("instanceId", m.InstanceId)
		ctx.Export("eips", m.Eips)
		ctx.Export("networkInterfaces", m.NetworkInterfaces)
		ctx.Export("cloudConfig", m.CloudConfig)
		return nil
	}
}

// newInstance describes an instance for the component to create in the site.
func newInstance(s *harness.Site, instanceType string) alicloudeip.MultiEipNewInstanceArgs {
	return alicloudeip.MultiEipNewInstanceArgs{
		InstanceType: pulumi.String(instanceType), ImageId: pulumi.String(testImage),
		VswitchId: s.Switch.ID(), SecurityGroupIds: pulumi.StringArray{s.SecurityGroup.ID()},
	}
}

// multiEipOut is one entry of a MultiEipInstance's eips output.
type multiEipOut struct {
	Name, AllocationId, PublicIp, PrivateIp, NetworkInterfaceId string
}

// multiEips decodes the eips output.
func multiEips(t *testing.T, up *harness.Run) []multiEipOut {
	t.Helper()
	list, ok := up.Output("eips").([]any)
	require.True(t, ok, "eips output is a list: %v", up.Output("eips"))
	var out []multiEipOut
	for _, v := range list {
		m := v.(map[string]any)
		s := func(k string) string { x, _ := m[k].(string); return x }
		out = append(out, multiEipOut{Name: s("name"), AllocationId: s("allocationId"), PublicIp: s("publicIp"),
			PrivateIp: s("privateIp"), NetworkInterfaceId: s("networkInterfaceId")})
	}
	return out
}

// publicIps maps each entry's name to its public address.
func publicIps(t *testing.T, up *harness.Run) map[string]string {
	out := map[string]string{}
	for _, e := range multiEips(t, up) {
		out[e.Name] = e.PublicIp
	}
	return out
}

// eniIPs lists an ENI's primary and secondary private IPs.
func eniIPs(eni *emulator.Record) []string {
	return append([]string{harness.Attr(eni, "primaryIpAddress")}, harness.Strings(eni, "privateIpAddresses")...)
}

// requireMultiMatchesCloud checks a MultiEipInstance's outputs against the
// emulated cloud: every EIP exists with its address, is associated in the
// given mode (with its private IP in NAT mode) with an ENI attached to the
// instance, and every listed ENI matches.
func requireMultiMatchesCloud(t *testing.T, up *harness.Run, st *emulator.State, mode string, names ...string) {
	t.Helper()
	instanceID, _ := up.Output("instanceId").(string)
	inst := st.Resources[instanceID]
	require.NotNil(t, inst, "instanceId output %q names an instance of the cloud", instanceID)
	assert.Equal(t, emulator.TokenInstance, inst.Type)
	eips := multiEips(t, up)
	var got []string
	for _, e := range eips {
		got = append(got, e.Name)
		eip := st.Resources[e.AllocationId]
		require.NotNil(t, eip, "EIP %s: allocationId %s is in the cloud", e.Name, e.AllocationId)
		assert.Equal(t, harness.Attr(eip, "ipAddress"), e.PublicIp, "EIP %s: public address", e.Name)
		eni := st.Resources[e.NetworkInterfaceId]
		require.NotNil(t, eni, "EIP %s: ENI %s is in the cloud", e.Name, e.NetworkInterfaceId)
		assert.Equal(t, instanceID, harness.Internal(eni, "instanceId"), "EIP %s: ENI %s is attached to the instance", e.Name, eni.ID)
		assoc := st.Resources[e.AllocationId+":"+e.NetworkInterfaceId]
		require.NotNil(t, assoc, "EIP %s is associated with ENI %s", e.Name, e.NetworkInterfaceId)
		assert.Equal(t, mode, harness.Attr(assoc, "mode"), "EIP %s: association mode", e.Name)
		if mode == "NAT" {
			assert.Equal(t, e.PrivateIp, harness.Attr(assoc, "privateIpAddress"), "EIP %s: private IP", e.Name)
			assert.Contains(t, eniIPs(eni), e.PrivateIp, "EIP %s: the ENI holds the private IP", e.Name)
		}
	}
	assert.Equal(t, names, got, "eips output lists the entries in input order")
	assert.Len(t, harness.OfType(st, emulator.TokenEipAssociation), len(names), "one association per EIP")
	nis, ok := up.Output("networkInterfaces").([]any)
	require.True(t, ok, "networkInterfaces output is a list")
	require.NotEmpty(t, nis)
	for _, v := range nis {
		m := v.(map[string]any)
		eni := st.Resources[m["id"].(string)]
		require.NotNil(t, eni, "networkInterfaces: ENI %v is in the cloud", m["id"])
		assert.Equal(t, harness.Attr(eni, "mac"), m["mac"])
		assert.Equal(t, harness.Attr(eni, "primaryIpAddress"), m["primaryIp"])
		ips, _ := m["privateIps"].([]any)
		for _, ip := range ips {
			assert.Contains(t, harness.Strings(eni, "privateIpAddresses"), ip, "ENI %s holds %v", eni.ID, ip)
		}
		assert.Equal(t, instanceID, harness.Internal(eni, "instanceId"))
	}
}

func TestMultiEipExistingInstanceNat(t *testing.T) {
	t.Parallel()
	names := []string{"web", "mail", "api", "ftp"}
	s := newStack(t, multiProgram(harness.SiteArgs{InstanceType: "ecs.c6.xlarge"}, func(_ *harness.Site, a *alicloudeip.MultiEipInstanceArgs) {
		a.Eips = entries(names...)
		a.Bandwidth = pulumi.String("5")
	}))
	up := s.up()
	st := s.cloud()
	requireMultiMatchesCloud(t, up, st, "NAT", names...)
	assert.Len(t, harness.OfType(st, emulator.TokenEip), len(names))
	assert.Contains(t, up.Output("cloudConfig"), "#cloud-config", "the program receives the guest files")
	state := s.componentOutputs(multiComponentToken)
	assert.Contains(t, state, "eips", "the state keeps the component's other outputs")
	for _, k := range []string{"script", "cloudConfig", "userData"} {
		_, kept := state[k]
		assert.False(t, kept, "the state, rewritten after every step, leaves out the guest file %s", k)
	}
	for urn, frames := range s.childStackTraces(multiComponentToken) {
		assert.NotEmpty(t, frames, urn)
		for _, f := range frames {
			assert.NotContains(t, f, "google.golang.org/grpc", "%s: the state records the component's frames, not the provider server's", urn)
		}
	}
	s.requireSteady()
	s.requireDestroyed()
}

func TestMultiEipNewInstance(t *testing.T) {
	t.Parallel()
	names := []string{"web", "mail", "api"}
	s := newStack(t, multiProgram(harness.SiteArgs{}, func(site *harness.Site, a *alicloudeip.MultiEipInstanceArgs) {
		a.Instance = newInstance(site, "ecs.c6.large")
		a.Eips = entries(names...)
	}))
	up := s.up()
	st := s.cloud()
	requireMultiMatchesCloud(t, up, st, "NAT", names...)
	inst := st.Resources[up.Output("instanceId").(string)]
	launch := harness.Internal(inst, "launchEniId")
	require.NotEmpty(t, launch, "ENI 0 is attached at the instance's creation")
	assert.Equal(t, emulator.TokenEni, st.Resources[launch].Type, "the ENI attached at creation is the component's ENI 0")
	assert.Empty(t, harness.OfType(st, emulator.TokenAttachment), "one secondary ENI on ecs.c6.large needs no attachment resource")
	s.requireSteady()
	s.requireDestroyed()
}

func TestMultiEipUsePrimaryEni(t *testing.T) {
	t.Parallel()
	names := []string{"web", "mail", "api", "ftp", "dns"}
	s := newStack(t, multiProgram(harness.SiteArgs{}, func(site *harness.Site, a *alicloudeip.MultiEipInstanceArgs) {
		a.Instance = newInstance(site, "ecs.c6.large")
		a.UsePrimaryEni = ptr(true)
		list := entries(names...)
		list[0] = alicloudeip.MultiEipEntryArgs{Name: pulumi.String("web"), Eni: pulumi.IntPtr(-1)}
		a.Eips = list
	}))
	up := s.up()
	st := s.cloud()
	requireMultiMatchesCloud(t, up, st, "NAT", names...)
	inst := st.Resources[up.Output("instanceId").(string)]
	primary := harness.Attr(inst, "networkInterfaceId")
	web := multiEips(t, up)[0]
	assert.Equal(t, primary, web.NetworkInterfaceId, "the pinned entry lives on the primary ENI")
	assert.Equal(t, harness.Attr(inst, "privateIp"), web.PrivateIp,
		"the first entry on the primary ENI maps to the instance's primary IP, which the allocation chose")
	assert.True(t, strings.HasPrefix(web.PrivateIp, "192.168.1.1"), "the instance's primary IP %s comes from privateIpRange", web.PrivateIp)
	assert.Empty(t, harness.Strings(inst, "secondaryPrivateIps"), "the other entries fill ENI 0 first")
	s.requireSteady()
	s.requireDestroyed()
}

func TestMultiEipToEni(t *testing.T) {
	t.Parallel()
	names := []string{"web", "mail", "api"}
	s := newStack(t, multiProgram(harness.SiteArgs{InstanceType: "ecs.c5.large"}, func(_ *harness.Site, a *alicloudeip.MultiEipInstanceArgs) {
		a.Mode = ptr(alicloudeip.MultiEipModeMultiEipToEni)
		a.PrivateIpRange = nil
		list := alicloudeip.MultiEipEntryArray{}
		for _, n := range names {
			list = append(list, alicloudeip.MultiEipEntryArgs{
				Name: pulumi.String(n), Gateway: pulumi.String("203.0.113.254"), PrefixLength: pulumi.IntPtr(24),
			})
		}
		a.Eips = list
	}))
	up := s.up()
	st := s.cloud()
	requireMultiMatchesCloud(t, up, st, "MULTI_BINDED", names...)
	s.requireSteady()
	s.requireDestroyed()
}

// TestMultiEipLooksUpKnownVswitch gives the component the IDs of an existing
// site as literals: the vSwitch's block and zone are then looked up
// (getSwitches) instead of given, and a zone that differs from the vSwitch's
// is refused at preview.
func TestMultiEipLooksUpKnownVswitch(t *testing.T) {
	t.Parallel()
	site := harness.SiteArgs{InstanceType: "ecs.c6.xlarge"}
	s := newStack(t, siteOnlyExporting(site))
	ids := s.up()
	id := func(k string) pulumi.String { return pulumi.String(ids.Output(k).(string)) }
	program := func(zone string) pulumi.RunFunc {
		return func(ctx *pulumi.Context) error {
			if _, err := harness.NewSite(ctx, "site", site); err != nil {
				return err
			}
			m, err := alicloudeip.NewMultiEipInstance(ctx, "svc", &alicloudeip.MultiEipInstanceArgs{
				InstanceId: id("vm"), VpcId: id("vpc"), ZoneId: pulumi.String(zone), VswitchId: id("vsw"),
				SecurityGroupIds: pulumi.StringArray{id("sg")}, InstanceType: ptr(site.InstanceType),
				PrivateIpRange: ptr("192.168.1.128/26"), Eips: entries("web", "mail"),
			})
			if err != nil {
				return err
			}
			ctx.Export("instanceId", m.InstanceId)
			ctx.Export("eips", m.Eips)
			ctx.Export("networkInterfaces", m.NetworkInterfaces)
			return nil
		}
	}

	s.SetProgram(program(harness.DefaultRegion + "-c"))
	_, err := s.previewErr()
	require.Error(t, err, "the instance's zone differs from the vSwitch's")
	assert.Contains(t, err.Error(), "is in zone "+harness.DefaultRegion+"-b, not in the instance's zone "+harness.DefaultRegion+"-c")

	s.SetProgram(program(harness.DefaultRegion + "-b"))
	up := s.up()
	requireMultiMatchesCloud(t, up, s.cloud(), "NAT", "web", "mail")
	s.requireSteady()
	// Literal IDs carry no dependency on the site: remove the component
	// first, or destroy could delete the vSwitch before the component's ENI.
	s.SetProgram(siteOnly(site))
	s.up()
	s.requireDestroyed()
}
