package provider

import (
	"context"
	"fmt"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	comProvider "github.com/pulumi/pulumi/sdk/v3/go/pulumi/provider"
)

// guestFileOutputs are the outputs that carry the guest files: the program (about 40 KB) and
// the cloud-config and user data that embed it. The program receives them from Construct, but
// the stack's state does not keep them: the engine rewrites the whole state after every step, so
// three copies of the program per component made every step of a stack of many components pay
// for them (a stack of 20 MultiEipInstances held 3 MB of them).
var guestFileOutputs = map[string]bool{"script": true, "cloudConfig": true, "userData": true}

// notInState ends the descriptions of a component's guestFileOutputs.
const notInState = " Not kept in the stack's state: the component returns it to the program at each run; " +
	"export it to see it in `pulumi stack output`."

// notInStateResult ends the descriptions of renderGuestNetwork's script, cloudConfig and userData.
const notInStateResult = " Not kept in the stack's state, like every result of a function: the program receives " +
	"it at each run; export it to see it in `pulumi stack output`."

// componentFn is a component's constructor, as infer.ComponentF takes it.
type componentFn[A any, C pulumi.ComponentResource] func(*pulumi.Context, string, A, ...pulumi.ResourceOption) (C, error)

// withLeanComponentState runs Construct of MultiEipInstance and VisibleEip as infer does, except
// that the outputs recorded in the stack's state leave out guestFileOutputs.
func withLeanComponentState(prov p.Provider) p.Provider {
	constructs := map[string]comProvider.ConstructFunc{
		typeToken("MultiEipInstance"): leanConstruct(componentFn[MultiEipInstanceArgs, *MultiEipInstance](NewMultiEipInstance)),
		typeToken("VisibleEip"):       leanConstruct(componentFn[VisibleEipArgs, *VisibleEip](NewVisibleEip)),
	}
	inner := prov.Construct
	prov.Construct = func(ctx context.Context, req p.ConstructRequest) (p.ConstructResponse, error) {
		construct, ok := constructs[string(req.Urn.Type())]
		if !ok {
			return inner(ctx, req)
		}
		return p.ProgramConstruct(ctx, req, construct)
	}
	return prov
}

// leanConstruct builds a component from its inputs (on a goroutine of its own), records its
// outputs but the guest files in the state, and returns them all to the program.
func leanConstruct[A any, C pulumi.ComponentResource](fn componentFn[A, C]) comProvider.ConstructFunc {
	return func(ctx *pulumi.Context, typ, name string, inputs comProvider.ConstructInputs,
		opts pulumi.ResourceOption) (*comProvider.ConstructResult, error) {
		var args A
		if err := inputs.CopyTo(&args); err != nil {
			return nil, fmt.Errorf("failed to copy inputs for %s (%s): %w", name, typ, err)
		}
		comp, err := onOwnGoroutine(func() (C, error) { return fn(ctx, name, args, opts) })
		if err != nil {
			return nil, err
		}
		result, err := comProvider.NewConstructResult(comp)
		if err != nil {
			return nil, err
		}
		all, ok := result.State.(pulumi.Map)
		if !ok {
			return nil, fmt.Errorf("%s %s: the component's outputs are a %T, not a map", typ, name, result.State)
		}
		kept := pulumi.Map{}
		for k, v := range all {
			if !guestFileOutputs[k] {
				kept[k] = v
			}
		}
		if err := ctx.RegisterResourceOutputs(comp, kept); err != nil {
			return nil, err
		}
		return result, nil
	}
}

// onOwnGoroutine runs f on a goroutine of its own and waits for it. The SDK records with every
// resource the stack it was registered from, and the state keeps it: from a goroutine of its own
// that is the component's frames, not also the twenty frames of the gRPC server and the
// provider's middleware that called Construct (about 2 KB per child resource).
func onOwnGoroutine[T any](f func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := f()
		done <- result{v, err}
	}()
	r := <-done
	return r.v, r.err
}
