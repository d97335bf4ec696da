package limits

import (
	"errors"
	"fmt"
)

// InstanceQuota is what getInstanceTypes says of an instance type.
type InstanceQuota struct {
	// EniQuantity is how many ENIs an instance takes, the primary one included (eniQuantity).
	EniQuantity int
	// IpsPerEni is how many private IPv4 addresses an ENI takes, its primary one included
	// (eniPrivateIpAddressQuantity).
	IpsPerEni int
}

// InstanceEnis are the plain facts of a MultiEipInstance that limit the ENIs and private IPs it
// may use; the checks name the component's inputs (maxEnis, privateIpsPerEni, usePrimaryEni,
// instanceType or instance.instanceType).
type InstanceEnis struct {
	// InstanceType is the instance's type; empty when it is unknown.
	InstanceType string
	// Quota is the type's quota from getInstanceTypes; nil when it is unknown.
	Quota *InstanceQuota
	// MaxEnis caps the ENIs per instance (the primary one included) when above 0.
	MaxEnis int
	// PrivateIpsPerEni caps the private IPs per ENI (its primary one included) when above 0.
	PrivateIpsPerEni int
	// Created is true when the component creates the instance.
	Created bool
	// UsePrimaryEni is true when EIPs may go on the primary ENI's private IPs.
	UsePrimaryEni bool
	// Mode is the association mode.
	Mode Mode
}

// Capped returns the ENIs per instance and the private IPs per ENI the component may use: the
// type's quota capped by MaxEnis and PrivateIpsPerEni, or those alone when the quota is
// unknown, in which case MaxEnis, and in NAT mode PrivateIpsPerEni, must be given.
func (e InstanceEnis) Capped() (InstanceQuota, error) {
	if e.Quota != nil {
		q := *e.Quota
		if e.MaxEnis > 0 {
			q.EniQuantity = min(q.EniQuantity, e.MaxEnis)
		}
		if e.PrivateIpsPerEni > 0 {
			q.IpsPerEni = min(q.IpsPerEni, e.PrivateIpsPerEni)
		}
		return q, nil
	}
	var errs []error
	if e.MaxEnis <= 0 {
		errs = append(errs, &Violation{Field: "maxEnis", Value: fmt.Sprint(e.MaxEnis), Problem: "is not set and the instance type is unknown",
			Rule: "the number of ENIs an instance takes comes from getInstanceTypes (eniQuantity) when instanceType is given",
			Fix:  "give instanceType, or maxEnis (ENIs per instance, the primary one included)"})
	}
	if e.PrivateIpsPerEni <= 0 && e.Mode == ModeNAT {
		errs = append(errs, &Violation{Field: "privateIpsPerEni", Value: fmt.Sprint(e.PrivateIpsPerEni), Problem: "is not set and the instance type is unknown",
			Rule: "the number of private IPs an ENI takes comes from getInstanceTypes (eniPrivateIpAddressQuantity) when instanceType is given",
			Fix:  "give instanceType, or privateIpsPerEni (private IPs per ENI, its primary one included)"})
	}
	return InstanceQuota{EniQuantity: e.MaxEnis, IpsPerEni: e.PrivateIpsPerEni}, errors.Join(errs...)
}

// CheckUsePrimaryEni refuses usePrimaryEni on an existing instance, whose primary ENI's private
// IPs the component cannot set, and in a mode that binds no EIP to the primary ENI.
func (e InstanceEnis) CheckUsePrimaryEni() error {
	if !e.UsePrimaryEni {
		return nil
	}
	var errs []error
	if !e.Created {
		errs = append(errs, &Violation{Field: "usePrimaryEni", Value: "true", Problem: "is set on an existing instance",
			Rule: "the primary ENI's private IPs are set through the instance resource (privateIp, secondaryPrivateIps), which only a created instance has",
			Fix:  "unset usePrimaryEni, or let the component create the instance (instance)"})
	}
	if err := CheckPrimaryEni("usePrimaryEni", "true", e.Mode); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// SecondaryEnis returns how many of the quota's secondary ENIs the component may use for
// entries EIPs. A created instance whose type cannot hot-plug gets one secondary ENI, attached
// at creation, which must hold every entry; an existing one keeps the quota's, with a warning
// that attaching ENIs needs the instance stopped. An unknown type is not checked.
func (e InstanceEnis) SecondaryEnis(entries int, q InstanceQuota) (secondary int, warning string, err error) {
	secondary = max(q.EniQuantity-1, 0)
	if e.InstanceType == "" || SupportsHotPlug(e.InstanceType) {
		return secondary, "", nil
	}
	if !e.Created {
		return secondary, CheckHotPlug("instanceType", e.InstanceType).Error(), nil
	}
	if secondary <= 1 {
		return secondary, "", nil
	}
	capacity := NatCapacity(2, q.IpsPerEni, e.UsePrimaryEni)
	if e.Mode == ModeMultiEipToEni {
		capacity = MultiEipToEniCapacity(1)
	}
	if entries <= capacity {
		return 1, "", nil
	}
	v := CheckHotPlug("instance.instanceType", e.InstanceType).(*Violation)
	v.Problem += fmt.Sprintf(", and the %d entries need more than the one secondary ENI attached at creation (it holds %d)", entries, capacity)
	v.Fix = fmt.Sprintf("remove %d entries, or choose an instance type that supports hot-plug", entries-capacity)
	return 0, "", v
}
