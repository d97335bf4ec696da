package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eipkit/pulumi-alicloud-eip/provider/addressing"
	"github.com/eipkit/pulumi-alicloud-eip/provider/guestnet"
	"github.com/eipkit/pulumi-alicloud-eip/provider/limits"
)

func settings(names ...string) multiSettings {
	s := multiSettings{Quota: &limits.InstanceQuota{EniQuantity: 2, IpsPerEni: 6}, InstanceType: "ecs.c6.large",
		VswitchCidr: "192.168.0.0/24", PrivateIpRange: "192.168.0.0/24"}
	for _, n := range names {
		s.Entries = append(s.Entries, multiEntrySpec{Name: n})
	}
	return s
}

func TestPlanMultiEipLayouts(t *testing.T) {
	tests := []struct {
		name      string
		s         func() multiSettings
		enis      []int
		atCreate  bool
		primaries int
		mode      limits.Mode
	}{
		{"existing, one EIP", func() multiSettings { return settings("web") }, []int{0}, false, 0, limits.ModeNAT},
		{"created: ENI 0 at creation even when empty", func() multiSettings {
			s := settings("web")
			s.CreateInstance, s.UsePrimaryEni = true, true
			s.Entries[0].Eni = ptr(addressing.PrimaryEni)
			return s
		}, []int{0}, true, 0, limits.ModeNAT},
		{"eipCount appends eip-N", func() multiSettings {
			s := settings("web")
			s.EipCount = 3
			return s
		}, []int{0}, false, 0, limits.ModeNAT},
		{"quota from maxEnis and privateIpsPerEni", func() multiSettings {
			s := settings("a", "b", "c", "d", "e", "f", "g", "h")
			s.Quota, s.InstanceType, s.MaxEnis, s.PrivateIpsPerEni = nil, "", 4, 10
			return s
		}, nil, false, 0, limits.ModeNAT},
		{"multiEipToEni fills ENI 0 first", func() multiSettings {
			s := settings(multiNames(15)...)
			s.Mode, s.InstanceType, s.Region, s.PrivateIpRange = MultiModeMultiEipToEni, "ecs.g5.large", "cn-beijing", ""
			s.Quota = &limits.InstanceQuota{EniQuantity: 3, IpsPerEni: 6}
			return s
		}, []int{0, 1}, false, 0, limits.ModeMultiEipToEni},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, _, err := planLayout(tt.s(), addressing.Allocation{})
			require.NoError(t, err)
			assert.Equal(t, tt.mode, l.Mode)
			if tt.enis != nil {
				var idx []int
				for _, e := range l.Enis {
					idx = append(idx, e.Index)
				}
				assert.Equal(t, tt.enis, idx)
			}
			assert.Equal(t, tt.atCreate, len(l.Enis) > 0 && l.Enis[0].AtCreation)
			assert.Len(t, l.PrimaryEniIps, tt.primaries)
			seen := map[string]bool{}
			for _, e := range l.Entries {
				if l.Mode == limits.ModeNAT {
					assert.False(t, seen[e.PrivateIp], "%s has its own private IP", e.Name)
					seen[e.PrivateIp] = true
				} else {
					assert.Empty(t, e.PrivateIp)
				}
			}
		})
	}
	l, _, err := planLayout(func() multiSettings { s := settings("web"); s.EipCount = 3; return s }(), addressing.Allocation{})
	require.NoError(t, err)
	var names []string
	for _, e := range l.Entries {
		names = append(names, e.Name)
	}
	assert.Equal(t, []string{"web", "eip-0", "eip-1", "eip-2"}, names)
}

func ptr[T any](v T) *T { return &v }

// planLayout plans s and allocates it from prev, as the component and its AddressAllocation do.
func planLayout(s multiSettings, prev addressing.Allocation) (multiLayout, addressing.Allocation, error) {
	shape, err := planMultiEip(s)
	if err != nil {
		return multiLayout{}, addressing.Allocation{}, err
	}
	a, err := allocate(prev, shape.Allocation)
	if err != nil {
		return multiLayout{}, addressing.Allocation{}, err
	}
	return shape.layout(a), a, nil
}

func TestPlanMultiEipRefuses(t *testing.T) {
	tests := []struct {
		name string
		edit func(*multiSettings)
		want string
	}{
		{"unknown mode", func(s *multiSettings) { s.Mode = "bridged" }, "mode bridged is not an association mode of MultiEipInstance"},
		{"bad pin", func(s *multiSettings) { s.Entries[0].PrivateIp = "10.0.0.300" }, "eips[0].privateIp 10.0.0.300 is not an IPv4 address"},
		{"IPv6 pin", func(s *multiSettings) { s.Entries[0].PrivateIp = "2001:db8::1" }, "eips[0].privateIp 2001:db8::1 is not an IPv4 address"},
		{"negative count", func(s *multiSettings) { s.EipCount = -1 }, "eipCount -1 is negative"},
		{"usePrimaryEni in multiEipToEni", func(s *multiSettings) {
			s.CreateInstance, s.UsePrimaryEni, s.Mode = true, true, MultiModeMultiEipToEni
		}, "usePrimaryEni true cannot bind an EIP to the primary ENI"},
		{"unknown family in multiEipToEni is a check of the type", func(s *multiSettings) {
			s.Mode, s.Region, s.PrivateIpRange = MultiModeMultiEipToEni, "cn-beijing", ""
		}, "mode multiEipToEni is not available on instance type ecs.c6.large"},
		{"bad range", func(s *multiSettings) { s.PrivateIpRange = "192.168.0.0" }, "privateIpRange 192.168.0.0 is not a CIDR block"},
		{"range outside the vSwitch", func(s *multiSettings) { s.PrivateIpRange = "10.0.0.0/24" }, "privateIpRange 10.0.0.0/24 is not inside vswitchCidrBlock"},
		{"no vSwitch block", func(s *multiSettings) { s.VswitchCidr = "" }, "vswitchCidrBlock is missing or not a CIDR block"},
		{"no hot-plug, created, too many", func(s *multiSettings) {
			s.CreateInstance, s.InstanceType = true, "ecs.n4.large"
			s.Quota = &limits.InstanceQuota{EniQuantity: 3, IpsPerEni: 2}
			s.Entries = append(s.Entries, multiEntrySpec{Name: "b"}, multiEntrySpec{Name: "c"})
		}, "instance.instanceType ecs.n4.large cannot hot-plug a secondary ENI, and the 3 entries need more than the one secondary ENI attached at creation (it holds 2)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := settings("a")
			tt.edit(&s)
			_, _, err := planLayout(s, addressing.Allocation{})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestPlanMultiEipWarnings(t *testing.T) {
	s := settings("a")
	s.InstanceType = "ecs.n4.large"
	l, err := planMultiEip(s)
	require.NoError(t, err)
	require.Len(t, l.Warnings, 1)
	assert.Contains(t, l.Warnings[0], "instanceType ecs.n4.large cannot hot-plug a secondary ENI")

	s = settings("a")
	s.Mode, s.InstanceType, s.PrivateIpRange = MultiModeMultiEipToEni, "", ""
	s.Quota, s.MaxEnis = nil, 2
	l, err = planMultiEip(s)
	require.NoError(t, err)
	assert.Len(t, l.Warnings, 2, "family and region unchecked")
	assert.True(t, strings.Contains(l.Warnings[1], "region"))
}

func TestCloudAssistantCommandNamesTheInstallation(t *testing.T) {
	name := func(s string) string {
		parts, err := guestnet.CloudAssistantDelivery("svc", s)
		require.NoError(t, err)
		return parts[guestnet.DeliveryParts-1].Name
	}
	n1, n2, n3 := name("#!/bin/sh\necho a\n"), name("#!/bin/sh\necho b\n"), name("#!/bin/sh\necho a\n")
	assert.NotEqual(t, n1, n2, "a changed installation makes new commands")
	assert.Equal(t, n1, n3, "an unchanged one keeps them")
	assert.True(t, strings.HasPrefix(n1, "svc-guestnet-"))
}

func TestFirstBootUserDataIgnoresAddresses(t *testing.T) {
	a, err := firstBootUserData(&GuestOptions{Mode: "static"}, true, "#cloud-config\npackages: [nginx]\n", nil)
	require.NoError(t, err)
	b, err := firstBootUserData(nil, true, "#cloud-config\npackages: [nginx]\n", nil)
	require.NoError(t, err)
	assert.Equal(t, a, b, "the first-boot user data is always in metadata mode")
	assert.Contains(t, a, "packages: [nginx]")
}

func TestRenderMultiGuestStaticNeedsTheBlock(t *testing.T) {
	_, err := renderMultiGuest(multiGuestInput{Options: &GuestOptions{Mode: "static"},
		Enis: []multiGuestEni{{Index: 0, Mac: "00:16:3e:00:00:01", PrimaryIp: "192.168.0.252"}}})
	assert.ErrorContains(t, err, "vswitchCidrBlock is unknown while guest.mode is static")
	out, err := renderMultiGuest(multiGuestInput{Options: &GuestOptions{Mode: "static"}, VswitchCidr: "192.168.0.0/24",
		Enis: []multiGuestEni{{Index: 2, Mac: "00:16:3e:00:00:01", PrimaryIp: "192.168.0.250", SecondaryIps: []string{"192.168.0.7"}}}})
	require.NoError(t, err)
	assert.Contains(t, out.Script, "192.168.0.7")
	assert.Contains(t, out.Script, fmt.Sprint(eniRouteTable(nil, 2)), "ENI 2 keeps table tableBase+3")
}
