package peer;

/** A JavaBean Axis serializes as the struct `tns:Employee` (bean mapping in deploy.wsdd). */
public class Employee {
    private String name;
    private int id;
    private double salary;
    private String[] tags;
    private Employee manager;

    public Employee() {}

    public Employee(String name, int id, double salary, String[] tags, Employee manager) {
        this.name = name;
        this.id = id;
        this.salary = salary;
        this.tags = tags;
        this.manager = manager;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public int getId() { return id; }
    public void setId(int id) { this.id = id; }
    public double getSalary() { return salary; }
    public void setSalary(double salary) { this.salary = salary; }
    public String[] getTags() { return tags; }
    public void setTags(String[] tags) { this.tags = tags; }
    public Employee getManager() { return manager; }
    public void setManager(Employee manager) { this.manager = manager; }
}
