package addressing

import (
	"errors"
	"fmt"

	"github.com/eipkit/pulumi-alicloud-eip/provider/limits"
)

// MultiEipToEniInput is what PlanMultiEipToEni needs.
type MultiEipToEniInput struct {
	// Entries are the EIPs of the instance; none may pin privateIp.
	Entries []Entry
	// SecondaryEnis is E, how many secondary ENIs the plan may use.
	SecondaryEnis int
	// Fields names the inputs in error messages.
	Fields PlanFields
}

// PlanMultiEipToEni places EIPs on secondary ENIs for multi-EIP-to-ENI mode
// (Alibaba Cloud doc 'Associate EIPs with a secondary ENI in multi-EIP-to-ENI mode'), where an EIP binds to the ENI itself,
// up to limits.MaxEipsPerEniMultiEipToEni per ENI, and needs no private IP.
// An entry goes to its pinned eni, else to the ENI the hash of its name
// selects. The plan's ENIs have no PrimaryIp and its entries no PrivateIp.
func PlanMultiEipToEni(in MultiEipToEniInput) (Plan, error) {
	f := in.Fields.withDefaults()
	E := in.SecondaryEnis
	var errs []error
	if E < 0 {
		errs = append(errs, &limits.Violation{
			Field: f.SecondaryEnis, Value: fmt.Sprint(E), Problem: "is negative",
			Rule: "an instance has zero or more secondary ENIs", Fix: "set it to 0 or more",
		})
	}
	errs = append(errs, checkNames(f, in.Entries)...)
	for i, e := range in.Entries {
		if e.PrivateIp.IsValid() {
			errs = append(errs, &limits.Violation{
				Field: f.entryField(i, f.PrivateIp), Value: e.PrivateIp.String(),
				Problem: "is set in multi-EIP-to-ENI mode",
				Rule:    "in multi-EIP-to-ENI mode an EIP binds to the secondary ENI itself, not to one of its private IPs",
				Source:  limits.Doc(limits.DocMultiEipToEni),
				Fix:     "unset privateIp, or use NAT mode",
			})
		}
		if e.Eni == nil || E < 0 {
			continue
		}
		if *e.Eni == PrimaryEni {
			errs = append(errs, limits.CheckPrimaryEni(f.entryField(i, f.Eni), fmt.Sprint(*e.Eni), limits.ModeMultiEipToEni))
			continue
		}
		if err := checkEniPin(f, i, *e.Eni, E, false); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return Plan{}, errors.Join(errs...)
	}
	if err := limits.CheckMultiEipToEniCapacity(f.Entries, len(in.Entries), E); err != nil {
		return Plan{}, err
	}
	all := make([]*placed, len(in.Entries))
	for i, e := range in.Entries {
		p := &placed{idx: i, name: e.Name, eniPinned: e.Eni != nil}
		if e.Eni != nil {
			p.eni = *e.Eni
		} else {
			p.eni = eniBucket(e.Name, E, false)
		}
		all[i] = p
	}
	candidates := make([]int, E)
	for j := range candidates {
		candidates[j] = j
	}
	rule := fmt.Sprintf("multi-EIP-to-ENI mode binds at most %d EIPs to one secondary ENI; an entry without %s goes to the ENI the hash of its name selects",
		limits.MaxEipsPerEniMultiEipToEni, f.Eni)
	if errs := overflow(f, all, candidates, limits.MaxEipsPerEniMultiEipToEni, rule, limits.Doc(limits.DocMultiEipToEni), nil); len(errs) > 0 {
		return Plan{}, errors.Join(errs...)
	}
	return buildPlan(all, nil, 0), nil
}
