package emulator

import "fmt"

// MaxCommandContent is the longest commandContent (Base64) Cloud Assistant takes: 18 KB.
const MaxCommandContent = 18 << 10

func init() {
	register(&kind{
		token:    TokenCommand,
		required: []string{"commandContent", "type"},
		forceNew: set("commandContent", "description", "enableParameter", "name", "timeout", "type", "workingDir"),
		computed: []string{"timeout", "workingDir", "enableParameter", "description"},
		create:   createCommand,
	})
	register(&kind{
		token:    TokenInvocation,
		required: []string{"commandId", "instanceIds"},
		forceNew: set("commandId", "instanceIds", "frequency", "parameters", "repeatMode", "timed", "username", "windowsPasswordName"),
		computed: []string{"status", "repeatMode", "timed"},
		create:   createInvocation,
	})
}

func createCommand(c *call, in obj, r *Record) error {
	if t := str(in, "type"); t != "RunShellScript" && t != "RunBatScript" && t != "RunPowerShellScript" {
		return refuse("InvalidCommandType.NotSupported", "type %q is not RunShellScript, RunBatScript or RunPowerShellScript", t)
	}
	if n := len(str(in, "commandContent")); n > MaxCommandContent {
		return refuse("InvalidCommandContent.LengthLimitExceeded", "commandContent is %d bytes of Base64: a command takes at most %d (18 KB)", n, MaxCommandContent)
	}
	r.ID = newID(c.s, "c", c.region)
	r.Attrs = obj{"timeout": orDefault(in, "timeout", float64(60)), "workingDir": orDefault(in, "workingDir", ""),
		"enableParameter": orDefault(in, "enableParameter", false), "description": orDefault(in, "description", "")}
	return nil
}

func createInvocation(c *call, in obj, r *Record) error {
	cmd, ok := c.s.get(TokenCommand, str(in, "commandId"), c.region)
	if !ok {
		return notFound("InvalidCommandId.NotFound", "commandId", str(in, "commandId"), c.region)
	}
	ids := strList(in, "instanceIds")
	if len(ids) == 0 {
		return refuse("MissingParameter.InstanceIds", "instanceIds must name at least one instance")
	}
	var insts []*Record
	for _, id := range ids {
		inst, err := getInstance(c, "instanceIds", id)
		if err != nil {
			return err
		}
		if st := str(inst.Attrs, "status"); st != "Running" {
			return refuse("InstanceNotRunning", "instance %s is %s: Cloud Assistant runs commands only on Running instances", id, st)
		}
		insts = append(insts, inst)
	}
	r.ID = newID(c.s, "t", c.region)
	r.Attrs = obj{"status": "Finished", "repeatMode": orDefault(in, "repeatMode", "Once"), "timed": orDefault(in, "timed", false)}
	for _, inst := range insts {
		runs, _ := inst.Internal["invocations"].([]any)
		inst.Internal["invocations"] = append(runs, obj{"invokeId": r.ID, "commandId": cmd.ID, "commandContent": str(cmd.Inputs, "commandContent"), "time": now()})
	}
	r.Internal["commandContent"] = str(cmd.Inputs, "commandContent")
	r.Internal["summary"] = fmt.Sprintf("ran %s on %v", cmd.ID, ids)
	return nil
}
