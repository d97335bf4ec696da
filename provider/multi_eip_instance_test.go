package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eipkit/pulumi-alicloud-eip/provider/guestnet"
	"github.com/eipkit/pulumi-alicloud-eip/provider/internal/alicloud"
)

const multiComponentToken = "alicloud-eip:index:MultiEipInstance"

func existingMultiArgs(eips ...string) MultiEipInstanceArgs {
	a := MultiEipInstanceArgs{
		InstanceId:       pulumi.String("i-web"),
		VpcId:            pulumi.String("vpc-1"),
		ZoneId:           pulumi.String("cn-shanghai-b"),
		InstanceType:     "ecs.c6.large",
		VswitchId:        pulumi.String("vsw-b"),
		SecurityGroupIds: pulumi.StringArray{pulumi.String("sg-web")},
		PrivateIpRange:   "192.168.0.0/24",
		Bandwidth:        pulumi.String("5"),
	}
	for _, e := range eips {
		a.Eips = append(a.Eips, MultiEipEntry{Name: e})
	}
	return a
}

func newMultiArgs(instanceType string, eips ...string) MultiEipInstanceArgs {
	a := MultiEipInstanceArgs{
		Instance: &MultiEipNewInstance{
			InstanceType: instanceType, ImageId: pulumi.String("aliyun_3_x64"), VswitchId: pulumi.String("vsw-b"),
			SecurityGroupIds: pulumi.StringArray{pulumi.String("sg-web")}, Password: pulumi.String("S3cret-pass"),
			UserData: pulumi.String("#cloud-config\npackages: [nginx]\n"),
		},
		PrivateIpRange: "192.168.0.0/24",
	}
	for _, e := range eips {
		a.Eips = append(a.Eips, MultiEipEntry{Name: e})
	}
	return a
}

// runMulti runs one MultiEipInstance named "svc" against m and captures its outputs.
func (m *mockCloud) runMulti(args MultiEipInstanceArgs, opts ...pulumi.ResourceOption) (*capture, error) {
	c := &capture{}
	err := m.run(func(ctx *pulumi.Context) error {
		r, err := NewMultiEipInstance(ctx, "svc", args, opts...)
		if err != nil {
			return err
		}
		c.set("instanceId", r.InstanceId)
		c.set("networkInterfaces", r.NetworkInterfaces)
		c.set("eips", r.Eips)
		c.set("script", r.Script)
		c.set("userData", r.UserData)
		c.set("netplan", r.Netplan)
		c.set("verifyCommands", r.VerifyCommands)
		// As the provider does: a failure inside an output fails the run.
		return ctx.RegisterResourceOutputs(r, pulumi.Map{"instanceId": r.InstanceId, "networkInterfaces": r.NetworkInterfaces,
			"eips": r.Eips, "script": r.Script, "cloudConfig": r.CloudConfig, "userData": r.UserData, "netplan": r.Netplan,
			"verifyCommands": r.VerifyCommands})
	})
	return c, err
}

func multiNames(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("svc%02d", i)
	}
	return out
}

// strs is a list of strings; a missing list is empty.
func strs(v resource.PropertyValue) []string {
	var out []string
	if !v.IsArray() {
		return nil
	}
	for _, e := range v.ArrayValue() {
		out = append(out, e.StringValue())
	}
	return out
}

func TestMultiEipInstanceNewInstanceNat(t *testing.T) {
	for _, n := range []int{1, 6} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			// Six EIPs fill ENI 0: the first on its primary IP, five on secondary IPs.
			args := newMultiArgs("ecs.c6.large", multiNames(n)...)
			m := newMockCloud()
			c, err := m.runMulti(args)
			require.NoError(t, err)

			// ecs.c6.large: one secondary ENI, always created and attached at creation.
			assert.Equal(t, []string{"svc-eni-0"}, m.names(alicloud.NetworkInterfaceToken))
			assert.Empty(t, m.byToken(alicloud.NetworkInterfaceAttachmentToken))
			eni := m.byName(t, "svc-eni-0")
			assert.Equal(t, "192.168.0.1", eni.Inputs["primaryIpAddress"].StringValue(), "the lowest usable address of the range")
			assert.Len(t, strs(eni.Inputs["privateIpAddresses"]), n-1)
			eniID := m.id("svc-eni-0")
			assert.True(t, eni.Request.GetDeleteBeforeReplace())

			inst := m.byName(t, "svc-instance")
			assert.Equal(t, "ecs.c6.large", inst.Inputs["instanceType"].StringValue())
			assert.Equal(t, eniID, inst.Inputs["networkInterfaces"].ObjectValue()["networkInterfaceId"].StringValue())
			assert.True(t, inst.Inputs["password"].IsSecret() || inst.Inputs["password"].StringValue() == "S3cret-pass")
			ud := inst.Inputs["userData"].StringValue()
			assert.Contains(t, ud, "packages: [nginx]", "the user's own user data is merged")
			assert.NotContains(t, ud, "192.168.0.", "the first-boot user data names no address")

			assert.Len(t, m.byToken(alicloud.EipAddressToken), n)
			assocs := m.byToken(alicloud.EipAssociationToken)
			require.Len(t, assocs, n)
			secondary := strs(eni.Inputs["privateIpAddresses"])
			var names []string
			for i := range n {
				names = append(names, fmt.Sprintf("svc-svc%02d-assoc", i))
			}
			assert.ElementsMatch(t, names, m.names(alicloud.EipAssociationToken))
			for _, a := range assocs {
				assert.Equal(t, "NAT", a.Inputs["mode"].StringValue())
				assert.Equal(t, "NetworkInterface", a.Inputs["instanceType"].StringValue())
				assert.Equal(t, eniID, a.Inputs["instanceId"].StringValue())
				if ip := a.Inputs["privateIpAddress"].StringValue(); ip != "192.168.0.1" {
					assert.Contains(t, secondary, ip)
				}
				assert.True(t, a.Request.GetDeleteBeforeReplace())
			}
			for _, r := range m.recorded {
				if r.Token != multiComponentToken {
					assert.Contains(t, r.Request.GetParent(), "MultiEipInstance::svc", "%s is parented to the component", r.Name)
				}
			}
			eips, ok := c.get("eips")
			require.True(t, ok)
			require.Len(t, eips, n)
			first := eips.([]MultiEipAddress)[0]
			assert.Equal(t, "svc00", first.Name)
			assert.Equal(t, eniID, first.NetworkInterfaceId)
			assert.Equal(t, m.byName(t, "svc-svc00-assoc").Inputs["privateIpAddress"].StringValue(), first.PrivateIp)
			assert.NotEmpty(t, first.PublicIp)
			id, _ := c.get("instanceId")
			assert.Equal(t, inst.Request.GetName(), "svc-instance")
			assert.True(t, strings.HasPrefix(id.(string), "i-"))
		})
	}
}

func TestMultiEipInstanceExistingInstance25Eips(t *testing.T) {
	args := existingMultiArgs(multiNames(25)...)
	args.InstanceType = "ecs.g6.8xlarge"
	args.VswitchId = pulumi.String("vsw-w")
	args.PrivateIpRange = "10.8.4.0/22"
	m := newMockCloud()
	c, err := m.runMulti(args)
	require.NoError(t, err)

	enis := m.byToken(alicloud.NetworkInterfaceToken)
	assert.Len(t, enis, 2, "25 EIPs fill ENI 0's 20 private IPs, then open ENI 1")
	total := 0
	for _, e := range enis {
		ips := strs(e.Inputs["privateIpAddresses"])
		assert.LessOrEqual(t, len(ips), 19, "an ENI holds its primary IP and k-1 secondary IPs")
		total += len(ips) + 1 // the entry on the ENI's primary IP
		att := m.byName(t, e.Name+"-attach")
		assert.Equal(t, "i-web", att.Inputs["instanceId"].StringValue())
		assert.Equal(t, e.Name, strings.TrimSuffix(att.Name, "-attach"))
		assert.True(t, att.Request.GetDeleteBeforeReplace())
	}
	assert.Equal(t, 25, total)
	assert.Empty(t, m.byToken(alicloud.InstanceToken), "an existing instance is not created")
	nics, ok := c.get("networkInterfaces")
	require.True(t, ok)
	assert.Len(t, nics, len(enis))
	for _, nic := range nics.([]MultiEipNetworkInterface) {
		assert.Equal(t, guestnet.DefaultTableBase+nic.DeviceOrder, nic.RouteTable)
		assert.NotEmpty(t, nic.Mac)
	}

	// The same 25 EIPs on ecs.c6.large are refused, with the numbers and the formula.
	args.InstanceType = "ecs.c6.large"
	args.VswitchId = pulumi.String("vsw-w")
	_, err = newMockCloud().runMulti(args)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "eips (25 entries) exceeds the NAT capacity 6")
	assert.Contains(t, err.Error(), "(eniQuantity 2 - 1) x eniPrivateIpAddressQuantity 6")
}

func TestMultiEipInstanceUsePrimaryEni(t *testing.T) {
	args := newMultiArgs("ecs.c6.large", multiNames(9)...)
	args.UsePrimaryEni = true
	args.Guest = &GuestOptions{Mode: guestnet.ModeStatic}
	m := newMockCloud()
	c, err := m.runMulti(args)
	require.NoError(t, err)
	inst := m.byName(t, "svc-instance")
	primaryIps := strs(inst.Inputs["secondaryPrivateIps"])
	assert.Equal(t, []string{"192.168.0.8", "192.168.0.9"}, primaryIps,
		"ENI 0 takes six entries, the primary ENI the other three: its primary IP and two secondary IPs")
	assert.Equal(t, "192.168.0.1", inst.Inputs["privateIp"].StringValue(), "the created instance's primary IP comes from the range")
	onPrimary := 0
	for _, a := range m.byToken(alicloud.EipAssociationToken) {
		if a.Inputs["instanceId"].StringValue() == m.output("svc-instance", "networkInterfaceId") {
			onPrimary++
			assert.Contains(t, append([]string{"192.168.0.1"}, primaryIps...), a.Inputs["privateIpAddress"].StringValue())
			assert.Equal(t, "NetworkInterface", a.Inputs["instanceType"].StringValue())
		}
	}
	assert.Equal(t, 3, onPrimary)
	nics, _ := c.get("networkInterfaces")
	require.NotEmpty(t, nics)
	assert.Equal(t, 0, nics.([]MultiEipNetworkInterface)[0].DeviceOrder)
	assert.Equal(t, "00:16:3e:aa:aa:aa", nics.([]MultiEipNetworkInterface)[0].Mac)
	script, _ := c.get("script")
	assert.Contains(t, script, primaryIps[0], "static mode renders the primary ENI's secondary IPs")

	// Refused on an existing instance.
	ex := existingMultiArgs("web")
	ex.UsePrimaryEni = true
	_, err = newMockCloud().runMulti(ex)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "usePrimaryEni true is set on an existing instance")
}

func TestMultiEipInstanceMultiEipToEni(t *testing.T) {
	args := newMultiArgs("ecs.g5.large")
	args.Mode = MultiModeMultiEipToEni
	args.PrivateIpRange = ""
	args.Region = pulumi.String("cn-shanghai")
	for i := range 12 {
		args.Eips = append(args.Eips, MultiEipEntry{Name: fmt.Sprintf("v%d", i),
			Gateway: pulumi.String("118.31.0.1"), PrefixLength: pulumi.Int(16)})
	}
	m := newMockCloud()
	c, err := m.runMulti(args)
	require.NoError(t, err)
	enis := m.byToken(alicloud.NetworkInterfaceToken)
	require.Len(t, enis, 2, "12 EIPs need two ENIs of at most 10")
	for _, e := range enis {
		_, pinned := e.Inputs["primaryIpAddress"]
		assert.False(t, pinned, "multiEipToEni mode lets the cloud choose the primary IP")
	}
	perEni := map[string][]string{}
	for _, a := range m.byToken(alicloud.EipAssociationToken) {
		assert.Equal(t, "MULTI_BINDED", a.Inputs["mode"].StringValue())
		assert.Equal(t, "NetworkInterface", a.Inputs["instanceType"].StringValue())
		_, hasIP := a.Inputs["privateIpAddress"]
		assert.False(t, hasIP)
		urn := "urn:pulumi:stack::project::" + multiComponentToken + "$" + alicloud.EipAssociationToken + "::" + a.Name
		perEni[a.Inputs["instanceId"].StringValue()] = append(perEni[a.Inputs["instanceId"].StringValue()], urn)
	}
	for _, n := range perEni {
		assert.LessOrEqual(t, len(n), 10)
	}
	// ENI 0 is attached at creation: the instance waits for its associations; ENI 1's
	// attachment waits for its own.
	inst := m.byName(t, "svc-instance")
	assert.Subset(t, inst.Request.GetDependencies(), perEni[m.id("svc-eni-0")])
	att := m.byName(t, "svc-eni-1-attach")
	assert.Subset(t, att.Request.GetDependencies(), perEni[m.id("svc-eni-1")])
	script, _ := c.get("script")
	assert.Contains(t, script, "118.31.0.1", "the EIPs' gateways reach the guest")
	eips, _ := c.get("eips")
	assert.Contains(t, script, eips.([]MultiEipAddress)[3].PublicIp, "the EIPs reach the guest")
}

func TestMultiEipInstancePreviewKnowsEveryReplacementField(t *testing.T) {
	m := newMockCloud()
	m.preview = true
	args := existingMultiArgs(multiNames(5)...)
	args.InstanceId = pulumi.String("i-web").ToStringOutput().ApplyT(func(s string) string { return s }).(pulumi.StringOutput)
	_, err := m.runMulti(args)
	require.NoError(t, err)
	for _, e := range m.byToken(alicloud.NetworkInterfaceToken) {
		assert.False(t, e.Inputs["primaryIpAddress"].ContainsUnknowns(), e.Name)
		assert.False(t, e.Inputs["privateIpAddresses"].ContainsUnknowns(), e.Name)
	}
	for _, a := range m.byToken(alicloud.EipAssociationToken) {
		assert.False(t, a.Inputs["privateIpAddress"].ContainsUnknowns(), a.Name)
		assert.Equal(t, "NetworkInterface", a.Inputs["instanceType"].StringValue())
	}
}

// str0 is a known string property, or a marker.
func str0(v resource.PropertyValue) string {
	if v.IsString() {
		return v.StringValue()
	}
	return fmt.Sprintf("<%v>", v)
}

// assocView is what forces an association's replacement, plus its name.
type assocView struct{ allocationID, instanceID, privateIP, mode string }

func assocViews(t *testing.T, m *mockCloud) map[string]assocView {
	t.Helper()
	str := func(v resource.PropertyValue) string {
		switch {
		case v.ContainsUnknowns():
			return "<unknown>"
		case v.IsOutput():
			return str0(v.OutputValue().Element)
		case v.IsString():
			return v.StringValue()
		}
		return fmt.Sprintf("<%v>", v)
	}
	out := map[string]assocView{}
	for _, a := range m.byToken(alicloud.EipAssociationToken) {
		out[a.Name] = assocView{str(a.Inputs["allocationId"]), str(a.Inputs["instanceId"]),
			str(a.Inputs["privateIpAddress"]), str(a.Inputs["mode"])}
	}
	return out
}

func TestMultiEipInstanceUpdateSafety(t *testing.T) {
	for _, created := range []bool{false, true} {
		t.Run(fmt.Sprintf("created=%t", created), func(t *testing.T) {
			before := []string{"web", "mail", "api", "ftp", "vpn", "dns"}
			after := []string{"web", "mail", "git", "api", "vpn", "dns"} // git inserted, ftp removed
			mk := func(names []string) MultiEipInstanceArgs {
				if created {
					a := newMultiArgs("ecs.g6.8xlarge", names...)
					a.Instance.VswitchId, a.PrivateIpRange = pulumi.String("vsw-w"), "10.8.4.0/22"
					a.MaxEnis = 4
					return a
				}
				a := existingMultiArgs(names...)
				a.InstanceType = "ecs.g6.8xlarge"
				a.VswitchId, a.PrivateIpRange = pulumi.String("vsw-w"), "10.8.4.0/22"
				a.MaxEnis = 4
				return a
			}
			m := newMockCloud()
			_, err := m.runMulti(mk(before))
			require.NoError(t, err)
			first := assocViews(t, m)
			firstEnis := map[string]resource.PropertyMap{}
			for _, e := range m.byToken(alicloud.NetworkInterfaceToken) {
				firstEnis[e.Name] = e.Inputs
			}

			m.preview = true
			_, err = m.runMulti(mk(after))
			require.NoError(t, err)
			second := assocViews(t, m)
			for _, name := range after {
				if name == "git" {
					continue
				}
				key := "svc-" + name + "-assoc"
				require.Contains(t, second, key)
				assert.Equal(t, first[key], second[key], "%s keeps its association inputs, all known at preview", name)
				assert.NotContains(t, fmt.Sprint(second[key]), "<unknown>")
				_, ok := m.find("svc-" + name)
				assert.True(t, ok, "%s keeps its EIP resource name", name)
			}
			assert.NotContains(t, second, "svc-ftp-assoc")
			for _, e := range m.byToken(alicloud.NetworkInterfaceToken) {
				if old, ok := firstEnis[e.Name]; ok {
					assert.Equal(t, old["primaryIpAddress"], e.Inputs["primaryIpAddress"], "%s keeps its primary IP", e.Name)
				}
			}

			// A bandwidth change touches only the EIPs.
			m.preview = false
			_, err = m.runMulti(mk(before))
			require.NoError(t, err)
			base := assocViews(t, m)
			changed := mk(before)
			changed.Bandwidth = pulumi.String("50")
			m.preview = true
			_, err = m.runMulti(changed)
			require.NoError(t, err)
			assert.Equal(t, base, assocViews(t, m))
			assert.Equal(t, "50", m.byName(t, "svc-web").Inputs["bandwidth"].StringValue())
		})
	}
}

func TestMultiEipInstanceExplicitProviderReachesEveryChild(t *testing.T) {
	m := newMockCloud()
	err := m.run(func(ctx *pulumi.Context) error {
		var prov pulumi.ProviderResourceState
		if err := ctx.RegisterResource("pulumi:providers:alicloud", "shanghai", pulumi.Map{
			"region": pulumi.String("cn-shanghai")}, &prov); err != nil {
			return err
		}
		args := newMultiArgs("ecs.g6.8xlarge", multiNames(8)...)
		args.Eips[0].Eni = ptr(1) // an ENI attached after the instance's creation
		args.UsePrimaryEni = true
		args.DeliverWithCloudAssistant = true
		args.Eips = append(args.Eips, MultiEipEntry{Name: "adopted", AllocationId: pulumi.String("eip-old")})
		_, err := NewMultiEipInstance(ctx, "svc", args, pulumi.Providers(&prov))
		return err
	})
	require.NoError(t, err)
	tokens := map[string]bool{}
	for _, r := range m.recorded {
		if strings.HasPrefix(r.Token, "alicloud:") {
			tokens[r.Token] = true
			assert.Contains(t, r.Provider, "pulumi:providers:alicloud::shanghai", "%s uses the explicit provider", r.Name)
			assert.Equal(t, alicloud.Version, r.Request.GetVersion(), "%s pins the alicloud version", r.Name)
		}
	}
	for _, tok := range []string{alicloud.EipAddressToken, alicloud.EipAssociationToken, alicloud.NetworkInterfaceToken,
		alicloud.NetworkInterfaceAttachmentToken, alicloud.InstanceToken, alicloud.CommandToken, alicloud.InvocationToken} {
		assert.True(t, tokens[tok], "a %s was registered", tok)
	}
	invoked := map[string]bool{}
	for _, call := range m.invokes {
		invoked[call.Token] = true
		assert.Contains(t, call.Provider, "pulumi:providers:alicloud::shanghai", "invoke %s uses the explicit provider", call.Token)
	}
	for _, tok := range []string{alicloud.GetInstanceTypesToken, alicloud.GetSwitchesToken, alicloud.GetEipAddressesToken} {
		assert.True(t, invoked[tok], "%s was invoked", tok)
	}
}

func TestMultiEipInstanceCloudAssistant(t *testing.T) {
	args := existingMultiArgs("web", "mail")
	args.DeliverWithCloudAssistant = true
	args.Guest = &GuestOptions{Mode: guestnet.ModeStatic}
	m := newMockCloud()
	c, err := m.runMulti(args)
	require.NoError(t, err)
	cmd := m.byName(t, "svc-guest-command")
	script, _ := c.get("script")
	installer := deliveredInstaller(t, m)
	assert.Contains(t, installer, script.(string), "the delivered installer installs the program of the script output")
	parts, err := guestnet.CloudAssistantDelivery("svc", installer)
	require.NoError(t, err)
	assert.Equal(t, parts[guestnet.DeliveryParts-1].Name, cmd.Inputs["name"].StringValue())
	assert.Equal(t, "RunShellScript", cmd.Inputs["type"].StringValue())
	inv := m.byName(t, "svc-guest-invocation")
	assert.Equal(t, []string{"i-web"}, strs(inv.Inputs["instanceIds"]))
	assert.Equal(t, cmd.Request.GetName(), "svc-guest-command")

	// Another EIP changes the static script, hence the command's name: a new command and invocation.
	args2 := existingMultiArgs("web", "mail", "api")
	args2.DeliverWithCloudAssistant = true
	args2.Guest = &GuestOptions{Mode: guestnet.ModeStatic}
	m2 := newMockCloud()
	_, err = m2.runMulti(args2)
	require.NoError(t, err)
	assert.NotEqual(t, cmd.Inputs["name"], m2.byName(t, "svc-guest-command").Inputs["name"])
}

func TestMultiEipInstanceLifecycleOptions(t *testing.T) {
	args := existingMultiArgs("web")
	args.ProtectEips, args.RetainEipsOnDelete = true, true
	args.Eips = append(args.Eips, MultiEipEntry{Name: "old", AllocationId: pulumi.String("eip-old")})
	m := newMockCloud()
	c, err := m.runMulti(args)
	require.NoError(t, err)
	eip := m.byName(t, "svc-web")
	assert.True(t, eip.Request.GetProtect())
	assert.True(t, eip.Request.GetRetainOnDelete())
	_, adopted := m.find("svc-old")
	assert.False(t, adopted, "an adopted EIP is not registered")
	assert.Equal(t, "eip-old", m.byName(t, "svc-old-assoc").Inputs["allocationId"].StringValue())
	eips, _ := c.get("eips")
	assert.Equal(t, "8.8.4.4", eips.([]MultiEipAddress)[1].PublicIp)
}

func TestMultiEipInstanceMovesOnlyAttachments(t *testing.T) {
	args := existingMultiArgs(multiNames(8)...)
	args.InstanceType = "ecs.g6.8xlarge"
	args.MaxEnis = 3
	first := newMockCloud()
	_, err := first.runMulti(args)
	require.NoError(t, err)
	args.InstanceId = pulumi.String("i-other")
	second := newMockCloud()
	_, err = second.runMulti(args)
	require.NoError(t, err)
	for _, r := range first.recorded {
		if r.Token == multiComponentToken {
			continue
		}
		if r.Token == alicloud.NetworkInterfaceAttachmentToken {
			assert.Equal(t, "i-other", second.byName(t, r.Name).Inputs["instanceId"].StringValue())
			continue
		}
		assert.Equal(t, r.Inputs, second.byName(t, r.Name).Inputs, "%s does not change when the instance changes", r.Name)
	}
}

func TestMultiEipInstanceChecks(t *testing.T) {
	eni := func(i int) *int { return &i }
	tests := []struct {
		name string
		args func() MultiEipInstanceArgs
		want []string
	}{
		{"more EIPs than the type carries", func() MultiEipInstanceArgs { return existingMultiArgs(multiNames(7)...) },
			[]string{"eips (7 entries) exceeds the NAT capacity 6", "choose an instance type"}},
		{"more than 10 EIPs per ENI", func() MultiEipInstanceArgs {
			a := existingMultiArgs()
			a.InstanceType, a.Mode, a.PrivateIpRange, a.Region = "ecs.g5.large", MultiModeMultiEipToEni, "", pulumi.String("cn-shanghai")
			a.MaxEnis = 2
			for i := range 11 {
				a.Eips = append(a.Eips, MultiEipEntry{Name: fmt.Sprint("v", i), Gateway: pulumi.String("47.1.1.1"), PrefixLength: pulumi.Int(24)})
			}
			return a
		}, []string{"exceeds the multi-EIP-to-ENI capacity 10"}},
		{"multiEipToEni on an unsupported family", func() MultiEipInstanceArgs {
			a := existingMultiArgs("a")
			a.Mode, a.PrivateIpRange, a.Region = MultiModeMultiEipToEni, "", pulumi.String("cn-shanghai")
			return a
		}, []string{"mode multiEipToEni is not available on instance type ecs.c6.large (family ecs.c6)"}},
		{"multiEipToEni in an unsupported region", func() MultiEipInstanceArgs {
			a := existingMultiArgs("a")
			a.InstanceType, a.Mode, a.PrivateIpRange, a.Region = "ecs.g5.large", MultiModeMultiEipToEni, "", pulumi.String("cn-hangzhou")
			return a
		}, []string{"mode multiEipToEni is not available in region cn-hangzhou"}},
		{"multiEipToEni without gateway", func() MultiEipInstanceArgs {
			a := existingMultiArgs("a")
			a.InstanceType, a.Mode, a.PrivateIpRange, a.Region = "ecs.g5.large", MultiModeMultiEipToEni, "", pulumi.String("cn-shanghai")
			return a
		}, []string{"eips[0].gateway (\"a\") or prefixLength is missing in multiEipToEni mode"}},
		{"pin outside the vSwitch", func() MultiEipInstanceArgs {
			a := existingMultiArgs("a", "b")
			a.Eips[1].PrivateIp = "10.0.0.5"
			return a
		}, []string{"eips[1].privateIp 10.0.0.5 is outside vswitchCidrBlock 192.168.0.0/24"}},
		{"pin reserved", func() MultiEipInstanceArgs {
			a := existingMultiArgs("a", "b", "c")
			a.Eips[2].PrivateIp = "192.168.0.253"
			return a
		}, []string{"eips[2].privateIp 192.168.0.253 is reserved"}},
		{"pin duplicated", func() MultiEipInstanceArgs {
			a := existingMultiArgs("a", "b")
			a.Eips[0].PrivateIp, a.Eips[1].PrivateIp = "192.168.0.20", "192.168.0.20"
			return a
		}, []string{"eips[1].privateIp 192.168.0.20 is also pinned by eips[0] (\"a\")"}},
		{"duplicate names", func() MultiEipInstanceArgs { return existingMultiArgs("web", "web") },
			[]string{"eips[1].name \"web\" is also the name of eips[0]"}},
		{"eipCount reuses a name", func() MultiEipInstanceArgs {
			a := existingMultiArgs("eip-1")
			a.EipCount = 2
			return a
		}, []string{"eipCount 2 adds an entry named \"eip-1\", the name of eips[0]"}},
		{"usePrimaryEni on an existing instance", func() MultiEipInstanceArgs {
			a := existingMultiArgs("a")
			a.UsePrimaryEni = true
			return a
		}, []string{"usePrimaryEni true is set on an existing instance"}},
		{"usePrimaryEni with another vSwitch than the instance's", func() MultiEipInstanceArgs {
			a := newMultiArgs("ecs.c6.large", "a")
			a.UsePrimaryEni, a.VswitchId, a.PrivateIpRange = true, pulumi.String("vsw-c"), "192.168.1.0/24"
			return a
		}, []string{"vswitchId vsw-c differs from instance.vswitchId vsw-b while usePrimaryEni is set"}},
		{"subscription period on pay-as-you-go EIPs", func() MultiEipInstanceArgs {
			a := existingMultiArgs("a")
			a.Period = pulumi.Int(3)
			return a
		}, []string{"period or pricingCycle is given while paymentType is PayAsYouGo"}},
		{"bad pricing cycle", func() MultiEipInstanceArgs {
			a := existingMultiArgs("a")
			a.PaymentType, a.PricingCycle, a.Period = pulumi.String("Subscription"), pulumi.String("Week"), pulumi.Int(0)
			return a
		}, []string{"pricingCycle Week is not a billing cycle", "period 0 is less than 1"}},
		{"bad payment type", func() MultiEipInstanceArgs {
			a := existingMultiArgs("a")
			a.PaymentType = pulumi.String("PostPaid")
			return a
		}, []string{"paymentType PostPaid is not a billing method of an EIP"}},
		{"zones differ", func() MultiEipInstanceArgs {
			a := existingMultiArgs("a")
			a.VswitchId, a.PrivateIpRange = pulumi.String("vsw-c"), "192.168.1.0/24"
			return a
		}, []string{"vswitchId vsw-c is in zone cn-shanghai-c, not in the instance's zone cn-shanghai-b"}},
		{"vSwitch block differs", func() MultiEipInstanceArgs {
			a := existingMultiArgs("a")
			a.VswitchCidrBlock = "192.168.9.0/24"
			return a
		}, []string{"vswitchCidrBlock 192.168.9.0/24 differs from 192.168.0.0/24"}},
		{"no hot-plug: one secondary ENI at creation", func() MultiEipInstanceArgs {
			return newMultiArgs("ecs.e-c1m2.large", multiNames(7)...)
		}, []string{"instance.instanceType ecs.e-c1m2.large cannot hot-plug a secondary ENI, and the 7 entries need more than the one secondary ENI attached at creation (it holds 6)"}},
		{"neither instance nor instanceId", func() MultiEipInstanceArgs {
			a := existingMultiArgs("a")
			a.InstanceId = nil
			return a
		}, []string{"instanceId is missing"}},
		{"unknown type without quota", func() MultiEipInstanceArgs {
			a := existingMultiArgs("a")
			a.InstanceType = ""
			return a
		}, []string{"maxEnis 0 is not set", "privateIpsPerEni 0 is not set"}},
		{"ENI pin out of range", func() MultiEipInstanceArgs {
			a := existingMultiArgs("a")
			a.Eips[0].Eni = eni(3)
			return a
		}, []string{"eips[0].eni 3 is not an ENI of this instance"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMockCloud()
			m.preview = true
			_, err := m.runMulti(tt.args())
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.Empty(t, m.byToken(alicloud.EipAddressToken), "nothing is created when a check fails")
		})
	}
}

func TestMultiEipInstanceNoHotPlugAtCreation(t *testing.T) {
	m := newMockCloud()
	_, err := m.runMulti(newMultiArgs("ecs.e-c1m2.large", multiNames(5)...))
	require.NoError(t, err)
	assert.Equal(t, []string{"svc-eni-0"}, m.names(alicloud.NetworkInterfaceToken), "one secondary ENI, at creation")
	assert.Empty(t, m.byToken(alicloud.NetworkInterfaceAttachmentToken))

	// On an existing instance it is a warning, not an error.
	ex := existingMultiArgs("a")
	ex.InstanceType = "ecs.e-c1m2.large"
	_, err = newMockCloud().runMulti(ex)
	require.NoError(t, err)
}

// With usePrimaryEni, a vSwitch known only once it exists is checked then, before any ENI.
func TestMultiEipInstanceUsePrimaryEniChecksAnUnknownVswitch(t *testing.T) {
	m := newMockCloud()
	err := m.run(func(ctx *pulumi.Context) error {
		other, err := alicloud.NewSwitch(ctx, "other", &alicloud.SwitchArgs{VpcId: pulumi.String("vpc-1"),
			CidrBlock: pulumi.String("192.168.0.0/24"), ZoneId: pulumi.String("cn-shanghai-b")})
		if err != nil {
			return err
		}
		args := newMultiArgs("ecs.c6.large", "a")
		args.UsePrimaryEni, args.VswitchId, args.VswitchCidrBlock = true, other.ID(), "192.168.0.0/24"
		_, err = NewMultiEipInstance(ctx, "svc", args)
		return err
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "vswitchId vsw-other differs from instance.vswitchId vsw-b while usePrimaryEni is set")
	assert.Empty(t, m.byToken(alicloud.NetworkInterfaceToken), "no ENI is created in the other vSwitch")
}

// Subscription EIPs carry their billing to every allocated EIP, paid automatically.
func TestMultiEipInstanceSubscriptionEips(t *testing.T) {
	args := existingMultiArgs("web", "mail")
	args.PaymentType, args.Period, args.PricingCycle = pulumi.String("Subscription"), pulumi.Int(6), pulumi.String("Month")
	m := newMockCloud()
	_, err := m.runMulti(args)
	require.NoError(t, err)
	eips := m.byToken(alicloud.EipAddressToken)
	require.Len(t, eips, 2)
	for _, e := range eips {
		assert.Equal(t, "Subscription", e.Inputs["paymentType"].StringValue(), e.Name)
		assert.Equal(t, 6.0, e.Inputs["period"].NumberValue(), e.Name)
		assert.Equal(t, "Month", e.Inputs["pricingCycle"].StringValue(), e.Name)
		assert.True(t, e.Inputs["autoPay"].BoolValue(), "%s is paid automatically", e.Name)
	}
	m = newMockCloud()
	_, err = m.runMulti(existingMultiArgs("web"))
	require.NoError(t, err)
	assert.NotContains(t, m.byToken(alicloud.EipAddressToken)[0].Inputs, resource.PropertyKey("autoPay"), "pay-as-you-go EIPs set no autoPay")
}
