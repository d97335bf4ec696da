package provider

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/eipkit/pulumi-alicloud-eip/provider/addressing"
	"github.com/eipkit/pulumi-alicloud-eip/provider/internal/alicloud"
	"github.com/eipkit/pulumi-alicloud-eip/provider/limits"
)

// multiEip is a MultiEipInstance being built: each step of NewMultiEipInstance adds its
// resources and the values the next steps take.
type multiEip struct {
	ctx  *pulumi.Context
	name string
	args MultiEipInstanceArgs
	comp *MultiEipInstance

	layout  multiLayout
	vswCidr string
	// vswitchID and securityGroups are those of the new ENIs.
	vswitchID      pulumi.StringInput
	securityGroups pulumi.StringArrayInput
	// eips are the entries' EIPs, in layout order.
	eips []multiEipRes
	// enis are the secondary ENIs by index; assocs the associations on each, attachments their
	// attachments (ENI 0 of a created instance has none: it is attached at creation).
	enis        map[int]*alicloud.NetworkInterface
	assocs      map[int][]pulumi.Resource
	attachments map[int]pulumi.Resource
	// boundEnis are, in multiEipToEni mode, the ENIs with the EIPs bound to them ([]multiGuestEni).
	boundEnis    *pulumi.AnyOutput
	instanceID   pulumi.StringInput
	primaryEniID pulumi.StringOutput
	guest        pulumi.AnyOutput
}

func (m *multiEip) child() pulumi.ResourceOption { return pulumi.Parent(m.comp) }

func (m *multiEip) multi() bool { return m.layout.Mode == limits.ModeMultiEipToEni }

// plan checks the plain values and plans the layout; the new ENIs go in vswitchId with
// securityGroupIds, by default the created instance's.
func (m *multiEip) plan() error {
	args := m.args
	layout, vswCidr, err := multiEipLayout(m.ctx, m.comp, m.name, &m.args)
	if err != nil {
		return err
	}
	m.layout, m.vswCidr = layout, vswCidr
	for _, w := range layout.Warnings {
		_ = m.ctx.Log.Warn(w, &pulumi.LogArgs{Resource: m.comp})
	}
	m.vswitchID, m.securityGroups = args.VswitchId, stringArray(args.SecurityGroupIds)
	if args.Instance == nil {
		return nil
	}
	switch {
	case m.vswitchID == nil:
		m.vswitchID = args.Instance.VswitchId
	case args.UsePrimaryEni:
		// Checked at preview when both are known (multiEipLayout), else once they are, before any ENI.
		m.vswitchID = pulumi.All(m.vswitchID.ToStringOutput(), args.Instance.VswitchId.ToStringOutput()).ApplyT(func(v []any) (string, error) {
			return v[0].(string), limits.CheckPrimaryEniVswitch(v[0].(string), v[1].(string))
		}).(pulumi.StringOutput)
	}
	if m.securityGroups == nil {
		m.securityGroups = stringArray(args.Instance.SecurityGroupIds)
	}
	return nil
}

// newEips allocates an EIP per entry, or looks up the address of the one it adopts.
func (m *multiEip) newEips() error {
	args := m.args
	var autoPay pulumi.BoolInput
	if payment, _ := knownString(args.PaymentType); payment == limits.PaymentSubscription {
		autoPay = pulumi.Bool(true)
	}
	m.eips = make([]multiEipRes, len(m.layout.Entries))
	for i, e := range m.layout.Entries {
		if e.Input.AllocationId != nil {
			m.eips[i] = m.adoptedEip(e)
			continue
		}
		bandwidth := e.Input.Bandwidth
		if bandwidth == nil {
			bandwidth = args.Bandwidth
		}
		eip, err := alicloud.NewEipAddress(m.ctx, m.name+"-"+e.Name, &alicloud.EipAddressArgs{
			AddressName: pulumi.String(m.name + "-" + e.Name), Bandwidth: bandwidth,
			InternetChargeType: args.InternetChargeType, Tags: stringMap(args.Tags),
			PaymentType: args.PaymentType, Period: args.Period, PricingCycle: args.PricingCycle, AutoPay: autoPay,
			Description: pulumi.String("EIP " + e.Name + " of " + m.name),
		}, m.child(), pulumi.Protect(args.ProtectEips), pulumi.RetainOnDelete(args.RetainEipsOnDelete))
		if err != nil {
			return err
		}
		m.eips[i] = multiEipRes{eip.ID().ToStringOutput(), eip.IpAddress}
	}
	return nil
}

// adoptedEip is the EIP an entry's allocationId names, with its address from getEipAddresses.
func (m *multiEip) adoptedEip(e layoutEntry) multiEipRes {
	id := e.Input.AllocationId.ToStringOutput()
	addr := id.ApplyT(func(id string) (string, error) {
		res, err := alicloud.GetEipAddresses(m.ctx, &alicloud.GetEipAddressesArgs{Ids: []string{id}}, pulumi.Parent(m.comp))
		if err != nil {
			return "", err
		}
		if len(res.Addresses) == 0 {
			return "", fmt.Errorf("eips %q: allocationId %s names no EIP in this region; give the allocation ID of an existing EIP", e.Name, id)
		}
		return res.Addresses[0].IpAddress, nil
	}).(pulumi.StringOutput)
	return multiEipRes{id, addr}
}

// checkAttached refuses, in multiEipToEni mode, to change the EIPs of an attached ENI, compared
// by address.
func (m *multiEip) checkAttached() error {
	if len(m.layout.Attached) == 0 {
		return nil
	}
	planned, err := plannedAddresses(m.ctx, m.layout, m.eips)
	if err != nil {
		return err
	}
	return checkAttachedEnis(m.layout, m.layout.Attached, planned)
}

// newEnis creates each secondary ENI with its planned primary IP and secondary private IPs.
func (m *multiEip) newEnis() error {
	for _, e := range m.layout.Enis {
		eniArgs := &alicloud.NetworkInterfaceArgs{
			VswitchId: m.vswitchID, SecurityGroupIds: m.securityGroups, Tags: stringMap(m.args.Tags),
			NetworkInterfaceName: pulumi.Sprintf("%s-eni-%d", m.name, e.Index),
			Description:          pulumi.Sprintf("ENI %d of %s", e.Index, m.name),
		}
		if e.PrimaryIp != "" {
			eniArgs.PrimaryIpAddress = pulumi.String(e.PrimaryIp)
		}
		if len(e.SecondaryIps) > 0 {
			eniArgs.PrivateIpAddresses = pulumi.ToStringArray(e.SecondaryIps)
		}
		eni, err := alicloud.NewNetworkInterface(m.ctx, fmt.Sprintf("%s-eni-%d", m.name, e.Index), eniArgs, m.child(),
			pulumi.DeleteBeforeReplace(true))
		if err != nil {
			return err
		}
		m.enis[e.Index] = eni
	}
	return nil
}

// associate associates entry i's EIP with target (an ENI's ID) after deps.
func (m *multiEip) associate(i int, e layoutEntry, target pulumi.StringInput, deps []pulumi.Resource) error {
	assocArgs := &alicloud.EipAssociationArgs{
		AllocationId: m.eips[i].allocationID, InstanceId: target,
		InstanceType: pulumi.String("NetworkInterface"), Mode: pulumi.String(string(m.layout.Mode)),
	}
	if e.PrivateIp != "" {
		assocArgs.PrivateIpAddress = pulumi.String(e.PrivateIp)
	}
	o := []pulumi.ResourceOption{m.child(), pulumi.DeleteBeforeReplace(true)}
	if len(deps) > 0 {
		o = append(o, pulumi.DependsOn(deps))
	}
	a, err := alicloud.NewEipAssociation(m.ctx, m.name+"-"+e.Name+"-assoc", assocArgs, o...)
	if err == nil {
		m.assocs[e.Eni] = append(m.assocs[e.Eni], a)
	}
	return err
}

// associateDetached associates, in multiEipToEni mode, every EIP with its ENI before the ENI is
// attached, and resolves each ENI's bound EIPs for the guest.
func (m *multiEip) associateDetached() error {
	if !m.multi() {
		return nil
	}
	for i, e := range m.layout.Entries {
		if err := m.associate(i, e, m.enis[e.Eni].ID().ToStringOutput(), nil); err != nil {
			return err
		}
	}
	b := multiEipToEniEnis(m.layout, m.enis, m.eips)
	m.boundEnis = &b
	return nil
}

// newInstance creates the instance when the component owns it (else uses instanceId).
func (m *multiEip) newInstance() error {
	m.instanceID = m.args.InstanceId
	if m.args.Instance == nil {
		return nil
	}
	inst, err := newMultiEipVm(m.ctx, m.name, m.comp, m.args, m.layout, m.enis, m.boundEnis, m.assocs[0])
	if err != nil {
		return err
	}
	m.instanceID, m.primaryEniID = inst.ID().ToStringOutput(), inst.NetworkInterfaceId
	return nil
}

// attach attaches the ENIs not attached at creation, after their associations in multiEipToEni mode.
func (m *multiEip) attach() error {
	for _, e := range m.layout.Enis {
		if e.AtCreation {
			continue
		}
		o := []pulumi.ResourceOption{m.child(), pulumi.DeleteBeforeReplace(true)}
		if m.multi() && len(m.assocs[e.Index]) > 0 {
			o = append(o, pulumi.DependsOn(m.assocs[e.Index]))
		}
		att, err := alicloud.NewNetworkInterfaceAttachment(m.ctx, fmt.Sprintf("%s-eni-%d-attach", m.name, e.Index),
			&alicloud.NetworkInterfaceAttachmentArgs{InstanceId: m.instanceID, NetworkInterfaceId: m.enis[e.Index].ID().ToStringOutput()}, o...)
		if err != nil {
			return err
		}
		m.attachments[e.Index] = att
	}
	return nil
}

// associateAttached associates, in NAT mode, each EIP with its private IP once its ENI is
// attached. The primary ENI's entries use the primary ENI's ID: an association of type
// EcsInstance binds the instance's primary private IP only, while NetworkInterface takes
// privateIpAddress.
func (m *multiEip) associateAttached() error {
	if m.multi() {
		return nil
	}
	for i, e := range m.layout.Entries {
		target := m.primaryEniID
		var deps []pulumi.Resource
		if e.Eni != addressing.PrimaryEni {
			target = m.enis[e.Eni].ID().ToStringOutput()
			if att, ok := m.attachments[e.Eni]; ok {
				deps = []pulumi.Resource{att}
			}
		}
		if err := m.associate(i, e, target, deps); err != nil {
			return err
		}
	}
	return nil
}

// renderGuest renders the guest configuration from the ENIs' MACs (and the EIPs' gateways in
// multiEipToEni mode), and delivers it through Cloud Assistant when asked.
func (m *multiEip) renderGuest() error {
	m.guest = multiEipGuest(m.ctx, m.comp, m.args, m.layout, m.vswCidr, m.enis, m.primaryEniID, m.boundEnis)
	if !m.args.DeliverWithCloudAssistant {
		return nil
	}
	return deliverWithCloudAssistant(m.ctx, m.name, m.comp, m.guest, m.instanceID)
}

// setOutputs sets the component's outputs.
func (m *multiEip) setOutputs() error {
	comp := m.comp
	comp.InstanceId = m.instanceID.ToStringOutput()
	comp.NetworkInterfaces = multiEipEniOutputs(m.ctx, comp, m.args, m.layout, m.enis, m.primaryEniID)
	comp.Eips = multiEipAddressOutputs(m.layout, m.eips, m.enis, m.primaryEniID)
	setGuestOutputs(m.guest, &comp.Script, &comp.CloudConfig, &comp.UserData, &comp.Netplan, &comp.VerifyCommands)
	return nil
}
