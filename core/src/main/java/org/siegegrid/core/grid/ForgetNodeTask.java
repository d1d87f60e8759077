package org.siegegrid.core.grid;

import java.io.IOException;
import java.util.concurrent.Callable;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionFunction;

import org.siegegrid.core.board.WireIds;

/**
 * Runs on every member: tells its {@link MajorityQuorumFunction} that a node left gracefully
 * (or was removed by an operator), so it stops counting toward the majority. Returns whether
 * that member uses the majority function.
 */
public final class ForgetNodeTask implements Callable<Boolean>, IdentifiedDataSerializable, HazelcastInstanceAware {

    private String nodeId;
    private transient HazelcastInstance hz;

    /** For deserialization only. */
    public ForgetNodeTask() {
    }

    public ForgetNodeTask(String nodeId) {
        this.nodeId = nodeId;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.hz = instance;
    }

    @Override
    public Boolean call() {
        var cfg = hz.getConfig().getSplitBrainProtectionConfigs().get(GridConfigFactory.QUORUM_NAME);
        SplitBrainProtectionFunction fn = cfg == null ? null : cfg.getFunctionImplementation();
        if (fn instanceof MajorityQuorumFunction majority) {
            majority.forget(nodeId);
            return true;
        }
        return false;
    }

    @Override
    public int getFactoryId() {
        return WireIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return WireIds.FORGET_NODE_TASK;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(nodeId);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        nodeId = in.readString();
    }
}
