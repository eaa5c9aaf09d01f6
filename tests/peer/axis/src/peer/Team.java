package peer;

/** A struct whose fields may hold the same Employee object (one multiRef, several hrefs). */
public class Team {
    private String name;
    private Employee lead;
    private Employee deputy;
    private Employee[] members;

    public Team() {}

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public Employee getLead() { return lead; }
    public void setLead(Employee lead) { this.lead = lead; }
    public Employee getDeputy() { return deputy; }
    public void setDeputy(Employee deputy) { this.deputy = deputy; }
    public Employee[] getMembers() { return members; }
    public void setMembers(Employee[] members) { this.members = members; }
}
